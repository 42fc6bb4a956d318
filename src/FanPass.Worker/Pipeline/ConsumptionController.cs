using MassTransit;
using Microsoft.Extensions.Options;

namespace FanPass.Worker.Pipeline;

/// <summary>
/// Pauses and resumes the worker's input endpoints when FanPass cannot take data (401/403, an outage that opened the
/// circuit breaker, or sustained throttling): the endpoints are stopped, so messages stay in their queues untouched,
/// and are started again by a timer on <see cref="TimeProvider"/>; if FanPass still refuses, the next batch pauses
/// again.
/// </summary>
/// <remarks>
/// MassTransit's kill switch stops and restarts an endpoint the same way, but it trips on consumer faults, and the
/// batch consumers classify FanPass failures per item without faulting; so the trigger is explicit here. Stopping
/// waits for the batches in flight; starting waits for that stop, and stops and starts never overlap.
/// </remarks>
public sealed partial class ConsumptionController(TimeProvider timeProvider, IOptions<WorkerOptions> options, ILogger<ConsumptionController> logger)
    : IReceiveEndpointObserver, IDisposable
{
    /// <summary>Bounds of a pause asked for by FanPass (<c>Retry-After</c>).</summary>
    private static readonly TimeSpan MinimumPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaximumPause = TimeSpan.FromMinutes(15);

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _transition = new(1, 1);
    private readonly List<IReceiveEndpoint> _endpoints = [];
    private ITimer? _resumeTimer;
    private Task _stopping = Task.CompletedTask;
    private PauseReason _reason;
    private DateTimeOffset? _resumeAt;
    private int _pauseCount;

    /// <summary>Raised after the state changed (for telemetry).</summary>
    public event Action<PauseReason>? StateChanged;

    public bool IsPaused => _reason != PauseReason.None;

    public PauseReason Reason => _reason;

    public DateTimeOffset? ResumeAt => _resumeAt;

    /// <summary>How many times consumption was paused since start.</summary>
    public int PauseCount => Volatile.Read(ref _pauseCount);

    /// <summary>
    /// Stops consuming for <paramref name="duration"/> (FanPass's <c>Retry-After</c>, bounded), or the configured pause
    /// of <paramref name="reason"/>. A pause already running is not extended; an auth failure during another pause
    /// takes over its reason (ops must see it).
    /// </summary>
    public void Pause(PauseReason reason, TimeSpan? duration = null)
    {
        if (reason == PauseReason.None)
        {
            return;
        }

        var pause = duration is { } asked
            ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, MinimumPause.Ticks, MaximumPause.Ticks))
            : reason switch
            {
                PauseReason.Unauthorized => options.Value.AuthPauseDuration,
                _ => options.Value.OutagePauseDuration,
            };

        lock (_gate)
        {
            if (_reason != PauseReason.None)
            {
                if (reason != PauseReason.Unauthorized || _reason == PauseReason.Unauthorized)
                {
                    return;
                }

                _reason = reason;
            }
            else
            {
                _reason = reason;
                _pauseCount++;
                ArmTimer(pause);
                IReceiveEndpoint[] endpoints = [.. _endpoints];
                // Stop waits for the batches in flight, one of which is the caller: never block it.
                _stopping = Task.Run(() => StopAllAsync(endpoints));
            }
        }

        switch (reason)
        {
            case PauseReason.Unauthorized:
                LogPausedUnauthorized(logger, pause);
                break;
            case PauseReason.Throttled:
                LogPausedThrottled(logger, pause);
                break;
            default:
                LogPausedOutage(logger, pause);
                break;
        }

        StateChanged?.Invoke(reason);
    }

    /// <summary>Starts consuming again (called by the timer; public for operators and tests).</summary>
    public async Task ResumeAsync()
    {
        PauseReason reason;
        Task stopping;
        lock (_gate)
        {
            if (_reason == PauseReason.None)
            {
                return;
            }

            reason = _reason;
            stopping = _stopping;
        }

        await stopping; // StopAllAsync logs its own failures and never throws
        await _transition.WaitAsync();
        try
        {
            IReceiveEndpoint[] endpoints;
            lock (_gate)
            {
                if (_reason == PauseReason.None)
                {
                    return;
                }

                _reason = PauseReason.None;
                _resumeAt = null;
                _resumeTimer?.Dispose();
                _resumeTimer = null;
                endpoints = [.. _endpoints];
            }

            LogResumed(logger);
            StateChanged?.Invoke(PauseReason.None);
            foreach (var endpoint in endpoints)
            {
                try
                {
                    var handle = endpoint.Start();
                    await handle.Ready;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Never stay stopped while reporting ready: keep the pause and try again later.
                    LogEndpointFailed(logger, ex, "start", endpoint.InputAddress);
                    lock (_gate)
                    {
                        if (_reason == PauseReason.None)
                        {
                            _reason = reason;
                            ArmTimer(reason == PauseReason.Unauthorized ? options.Value.AuthPauseDuration : options.Value.OutagePauseDuration);
                        }
                    }

                    StateChanged?.Invoke(reason);
                    return;
                }
            }
        }
        finally
        {
            _transition.Release();
        }
    }

    Task IReceiveEndpointObserver.Ready(ReceiveEndpointReady ready)
    {
        if (!IsInputEndpoint(ready.InputAddress))
        {
            return Task.CompletedTask; // e.g. the bus's own temporary endpoint
        }

        bool pausedNow;
        lock (_gate)
        {
            if (!_endpoints.Contains(ready.ReceiveEndpoint))
            {
                _endpoints.Add(ready.ReceiveEndpoint);
            }

            pausedNow = _reason != PauseReason.None;
        }

        // An endpoint that (re)connected while paused, e.g. after a broker reconnect, must not consume.
        return pausedNow ? Task.Run(() => StopAllAsync([ready.ReceiveEndpoint])) : Task.CompletedTask;
    }

    Task IReceiveEndpointObserver.Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    Task IReceiveEndpointObserver.Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    Task IReceiveEndpointObserver.Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    public void Dispose()
    {
        lock (_gate)
        {
            _resumeTimer?.Dispose();
            _resumeTimer = null;
        }

        _transition.Dispose();
    }

    private bool IsInputEndpoint(Uri inputAddress)
    {
        var name = inputAddress.AbsolutePath.TrimEnd('/');
        name = name[(name.LastIndexOf('/') + 1)..];
        return string.Equals(name, options.Value.SegmentQueue, StringComparison.Ordinal)
            || string.Equals(name, options.Value.AttributesQueue, StringComparison.Ordinal);
    }

    private void ArmTimer(TimeSpan pause)
    {
        _resumeAt = timeProvider.GetUtcNow() + pause;
        _resumeTimer?.Dispose();
        _resumeTimer = timeProvider.CreateTimer(_ => _ = ResumeAsync(), null, pause, Timeout.InfiniteTimeSpan);
    }

    private async Task StopAllAsync(IReceiveEndpoint[] endpoints)
    {
        await _transition.WaitAsync();
        try
        {
            foreach (var endpoint in endpoints)
            {
                try
                {
                    await endpoint.Stop();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogEndpointFailed(logger, ex, "stop", endpoint.InputAddress);
                }
            }
        }
        finally
        {
            _transition.Release();
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Critical, Message = "FanPass refused the API token (401/403): consumption paused, messages stay queued; retrying in {Pause}. Check FanPass:ApiToken / FanPass:ApiTokenFile.")]
    private static partial void LogPausedUnauthorized(ILogger logger, TimeSpan pause);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "FanPass is unavailable (circuit breaker open): consumption paused, messages stay queued; retrying in {Pause}.")]
    private static partial void LogPausedOutage(ILogger logger, TimeSpan pause);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "FanPass keeps throttling (429 / Retry-After): consumption paused, messages stay queued; retrying in {Pause}.")]
    private static partial void LogPausedThrottled(ILogger logger, TimeSpan pause);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Consumption resumed.")]
    private static partial void LogResumed(ILogger logger);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Could not {Action} receive endpoint {InputAddress}.")]
    private static partial void LogEndpointFailed(ILogger logger, Exception exception, string action, Uri inputAddress);
}
