using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace FanPass.Worker.Pipeline;

/// <summary>The services every batch consumer shares: redelivery, pausing, ordering guards, the clock and the options.</summary>
public sealed class BatchPipeline(
    InputRedelivery redelivery,
    ConsumptionController consumption,
    KeyedApplyGuard guard,
    AppliedWatermarks watermarks,
    TimeProvider timeProvider,
    IOptions<WorkerOptions> options)
{
    public InputRedelivery Redelivery { get; } = redelivery;

    public ConsumptionController Consumption { get; } = consumption;

    public KeyedApplyGuard Guard { get; } = guard;

    public AppliedWatermarks Watermarks { get; } = watermarks;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public WorkerOptions Options { get; } = options.Value;

    /// <summary>
    /// How a batch's outcome and copy sends are retried: a send whose broker confirm failed (a channel blip) is tried
    /// again alone, with backoff, for up to <see cref="SendTimeout"/>.
    /// </summary>
    public ResiliencePipeline SendPipeline { get; } = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
        .AddTimeout(new TimeoutStrategyOptions { Timeout = SendTimeout })
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 5,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(200),
            UseJitter = true,
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
        })
        .Build();

    /// <summary>The longest a batch keeps trying to put its outcomes and copies on the broker.</summary>
    public static TimeSpan SendTimeout { get; } = TimeSpan.FromSeconds(30);
}
