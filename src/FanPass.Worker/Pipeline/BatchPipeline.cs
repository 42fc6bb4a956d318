using Microsoft.Extensions.Options;

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
}
