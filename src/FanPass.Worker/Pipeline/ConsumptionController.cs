using MassTransit;
using Microsoft.Extensions.Options;

namespace FanPass.Worker.Pipeline;

/// <summary>
/// Pauses and resumes the worker's receive endpoints when FanPass cannot take data (401/403, or an outage that
/// opened the circuit breaker): the endpoints are stopped, so messages stay in their queues untouched, and are
/// started again by a timer on <see cref="TimeProvider"/>; if FanPass still refuses, the next batch pauses again.
/// </summary>
/// <remarks>
/// MassTransit's kill switch stops and restarts an endpoint the same way, but it trips on consumer faults, and the
/// batch consumers classify FanPass failures per item without faulting; so the trigger is explicit here.
/// </remarks>
public sealed partial class ConsumptionController(TimeProvider timeProvider, IOptions<WorkerOptions> options, ILogger<ConsumptionController> logger)
    : IReceiveEndpointObserver, IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<IReceiveEndpoint> _endpoints = [];
    private ITimer? _resumeTimer;
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

    /// <summary>Stops consuming for the configured pause of <paramref name="reason"/>. A pause already running is not extended.</summary>
    public void Pause(PauseReason reason)
    {
        if (reason == PauseReason.None)
        {
            return;
        }

        var duration = reason == PauseReason.Unauthorized ? options.Value.AuthPauseDuration : options.Value.OutagePauseDuration;
        IReceiveEndpoint[] endpoints;
        var escalated = false;
        lock (_gate)
        {
            if (_reason != PauseReason.None)
            {
                if (reason != PauseReason.Unauthorized || _reason == PauseReason.Unauthorized)
                {
                    return;
                }

                // Already paused for an outage, and now the token is refused: the more specific reason wins,
                // and ops must see the critical line.
                _reason = reason;
                escalated = true;
            }
            else
            {
                _reason = reason;
                _pauseCount++;
                _resumeAt = timeProvider.GetUtcNow() + duration;
                _resumeTimer?.Dispose();
                _resumeTimer = timeProvider.CreateTimer(_ => _ = ResumeAsync(), null, duration, Timeout.InfiniteTimeSpan);
            }

            endpoints = [.. _endpoints];
        }

        if (escalated)
        {
            LogPausedUnauthorized(logger, duration);
            StateChanged?.Invoke(reason);
            return;
        }

        if (reason == PauseReason.Unauthorized)
        {
            LogPausedUnauthorized(logger, duration);
        }
        else
        {
            LogPausedOutage(logger, duration);
        }

        StateChanged?.Invoke(reason);

        // Stop waits for the batches in flight, one of which is the caller: never block it.
        _ = Task.Run(() => StopAllAsync(endpoints));
    }

    /// <summary>Starts consuming again (called by the timer; public for operators and tests).</summary>
    public async Task ResumeAsync()
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
                LogEndpointFailed(logger, ex, "start", endpoint.InputAddress);
            }
        }
    }

    Task IReceiveEndpointObserver.Ready(ReceiveEndpointReady ready)
    {
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
    }

    private async Task StopAllAsync(IReceiveEndpoint[] endpoints)
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

    [LoggerMessage(EventId = 100, Level = LogLevel.Critical, Message = "FanPass refused the API token (401/403): consumption paused, messages stay queued; retrying in {Pause}. Check FanPass:ApiToken / FanPass:ApiTokenFile.")]
    private static partial void LogPausedUnauthorized(ILogger logger, TimeSpan pause);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "FanPass is unavailable (circuit breaker open): consumption paused, messages stay queued; retrying in {Pause}.")]
    private static partial void LogPausedOutage(ILogger logger, TimeSpan pause);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Consumption resumed.")]
    private static partial void LogResumed(ILogger logger);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Could not {Action} receive endpoint {InputAddress}.")]
    private static partial void LogEndpointFailed(ILogger logger, Exception exception, string action, Uri inputAddress);
}
