using FanPass.Worker.Diagnostics;
using Microsoft.Extensions.Options;

namespace FanPass.Worker.FanPassApi;

/// <summary>
/// AIMD bound on concurrent FanPass HTTP attempts (one per host, a singleton).
/// <list type="bullet">
/// <item>Starts at <c>FanPass:Concurrency:Initial</c>.</item>
/// <item>Multiplicative decrease: a congestion signal (429, 503, timeout, or an attempt slower than
/// <c>LatencyThreshold</c>) halves the limit, not below <c>Min</c>, at most once per round trip: a signal from an
/// attempt that started before the last decrease is stale (it was sent at the old rate) and is ignored,
/// so a burst of 429s from one wave of requests halves the limit once rather than collapsing it to Min.</item>
/// <item>Additive increase: after <c>limit</c> healthy, fast attempts the limit grows by one, not above <c>Max</c>.</item>
/// </list>
/// Callers wait asynchronously, first come first served, for a slot; cancellation is honoured.
/// All timing comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class AdaptiveConcurrencyLimiter : IFanPassConcurrency
{
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource<long>> _waiters = new();
    private readonly FanPassConcurrencyOptions _options;
    private readonly TimeProvider _timeProvider;
    private int _limit;
    private int _inFlight;
    private int _healthySinceChange;
    private long? _lastDecreaseTimestamp;
    private long _notBeforeTicks;

    public AdaptiveConcurrencyLimiter(IOptions<FanPassOptions> options, TimeProvider timeProvider)
        : this(options?.Value.Concurrency ?? throw new ArgumentNullException(nameof(options)), timeProvider)
    {
        WorkerTelemetry.ObserveConcurrency(this);
    }

    internal AdaptiveConcurrencyLimiter(FanPassConcurrencyOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _timeProvider = timeProvider;
        _limit = Math.Clamp(options.Initial, options.Min, Math.Max(options.Min, options.Max));
    }

    public int CurrentLimit
    {
        get
        {
            lock (_lock)
            {
                return _limit;
            }
        }
    }

    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Callers waiting for a slot.</summary>
    internal int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>
    /// FanPass asked (Retry-After) that nothing be sent before this instant: every call waits for it, not only the one
    /// that got the 429/503, so the worker as a whole goes quiet instead of probing FanPass once per queued call.
    /// </summary>
    public DateTimeOffset? NotBefore
    {
        get
        {
            var ticks = Interlocked.Read(ref _notBeforeTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Holds every new attempt back for <paramref name="delay"/> from now (extends, never shortens, a hold).</summary>
    public void HoldOff(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        var until = (_timeProvider.GetUtcNow() + delay).UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _notBeforeTicks);
            if (current >= until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _notBeforeTicks, until, current) != current);
    }

    /// <summary>Waits until a hold set by <see cref="HoldOff"/> has passed.</summary>
    public async ValueTask WaitForHoldOffAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = new DateTimeOffset(Interlocked.Read(ref _notBeforeTicks), TimeSpan.Zero) - _timeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(remaining, _timeProvider, cancellationToken);
        }
    }

    /// <summary>Waits for a slot; returns the timestamp at which it was granted (pass it to <see cref="Release"/>).</summary>
    public ValueTask<long> AcquireAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource<long> waiter;
        LinkedListNode<TaskCompletionSource<long>> node;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _inFlight < _limit)
            {
                _inFlight++;
                return ValueTask.FromResult(_timeProvider.GetTimestamp());
            }

            waiter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        return WaitAsync(node, cancellationToken);
    }

    private async ValueTask<long> WaitAsync(LinkedListNode<TaskCompletionSource<long>> node, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                if (node.List is null)
                {
                    return; // already granted
                }

                _waiters.Remove(node);
            }

            node.Value.TrySetCanceled(cancellationToken);
        });

        return await node.Value.Task;
    }

    /// <summary>Frees the slot granted at <paramref name="startTimestamp"/> and adapts the limit to what the attempt showed.</summary>
    /// <param name="measureLatency">False for calls whose duration says nothing about congestion (large uploads).</param>
    public void Release(long startTimestamp, ConcurrencySignal signal, bool measureLatency = true)
    {
        var now = _timeProvider.GetTimestamp();
        var latency = _timeProvider.GetElapsedTime(startTimestamp, now);
        if (measureLatency && signal == ConcurrencySignal.Healthy && latency > _options.LatencyThreshold)
        {
            signal = ConcurrencySignal.Congested;
        }

        List<TaskCompletionSource<long>>? granted = null;
        lock (_lock)
        {
            _inFlight--;
            switch (signal)
            {
                case ConcurrencySignal.Congested when _lastDecreaseTimestamp is not { } last || startTimestamp >= last:
                    _limit = Math.Max(_options.Min, _limit / 2);
                    _lastDecreaseTimestamp = now;
                    _healthySinceChange = 0;
                    break;
                case ConcurrencySignal.Healthy:
                    if (++_healthySinceChange >= _limit && _limit < _options.Max)
                    {
                        _limit++;
                        _healthySinceChange = 0;
                    }

                    break;
            }

            while (_inFlight < _limit && _waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                _inFlight++;
                (granted ??= []).Add(first.Value);
            }
        }

        if (granted is not null)
        {
            foreach (var waiter in granted)
            {
                waiter.TrySetResult(now);
            }
        }
    }
}
