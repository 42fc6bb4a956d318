using System.Diagnostics.CodeAnalysis;
using System.Threading.RateLimiting;

namespace FanPass.Emulator;

/// <summary>
/// The faults in force: an immutable <see cref="FaultSettings"/> plus the mutable counters and lookup sets
/// derived from it. Swapped as a whole when the settings are replaced.
/// </summary>
[SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The limiter has no timer (AutoReplenishment = false) and in-flight requests may still use a replaced instance.")]
internal sealed class ActiveFaults
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _timeProvider;
    private readonly FixedWindowRateLimiter? _limiter;
    private long _windowStart;
    private int _failNextRemaining;
    private int _timeoutNextRemaining;

    public ActiveFaults(FaultSettings settings, TimeProvider timeProvider)
    {
        Settings = settings;
        _timeProvider = timeProvider;
        _failNextRemaining = settings.FailNext;
        _timeoutNextRemaining = settings.TimeoutNext;
        RejectUserIds = settings.RejectUserIds is { Count: > 0 } users ? new HashSet<string>(users, StringComparer.Ordinal) : null;
        RejectSegmentNames = settings.RejectSegmentNames is { Count: > 0 } names ? new HashSet<string>(names, StringComparer.Ordinal) : null;
        IsEmpty = settings is { Unauthorized: false, RequestsPerSecond: 0, TimeoutNext: 0, LatencyMs: 0, FailNext: 0 }
            && settings.TimeoutRate <= 0 && settings.ErrorRate <= 0;
        if (settings.RequestsPerSecond > 0)
        {
            // No auto-replenishment (no internal timer): the one-second window is driven by the app's TimeProvider in
            // TryAcquireRatePermit. The limiter's own window is the smallest allowed (one tick) so that its internal
            // Stopwatch check never blocks a replenishment we ask for.
            _limiter = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.RequestsPerSecond,
                Window = TimeSpan.FromTicks(1),
                QueueLimit = 0,
                AutoReplenishment = false,
            });
            _windowStart = timeProvider.GetTimestamp();
        }
    }

    public FaultSettings Settings { get; }

    /// <summary>True when no request-level fault (everything except item rejects) is configured.</summary>
    public bool IsEmpty { get; }

    public HashSet<string>? RejectUserIds { get; }

    public HashSet<string>? RejectSegmentNames { get; }

    public int FailNextRemaining => Volatile.Read(ref _failNextRemaining);

    public int TimeoutNextRemaining => Volatile.Read(ref _timeoutNextRemaining);

    public bool TryConsumeFailNext() => TryDecrement(ref _failNextRemaining);

    public bool TryConsumeTimeoutNext() => TryDecrement(ref _timeoutNextRemaining);

    /// <summary>False when the request exceeds <see cref="FaultSettings.RequestsPerSecond"/> in the current one-second window.</summary>
    public bool TryAcquireRatePermit()
    {
        if (_limiter is null)
        {
            return true;
        }

        var start = Volatile.Read(ref _windowStart);
        var now = _timeProvider.GetTimestamp();
        if (_timeProvider.GetElapsedTime(start, now) >= Window
            && Interlocked.CompareExchange(ref _windowStart, now, start) == start)
        {
            _limiter.TryReplenish();
        }

        using var lease = _limiter.AttemptAcquire(1);
        return lease.IsAcquired;
    }

    private static bool TryDecrement(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
