namespace FanPass.Worker.Pipeline;

/// <summary>How one input type is batched: MassTransit's batch message limit, time limit and concurrency limit.</summary>
public sealed class BatchLimits
{
    /// <summary>Most messages in one batch.</summary>
    public int MessageLimit { get; set; } = 100;

    /// <summary>How long a batch waits to fill before it is delivered anyway.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Batches consumed at once. Prefetch is <see cref="MessageLimit"/> x this.</summary>
    public int ConcurrencyLimit { get; set; } = 4;

    /// <summary>The prefetch count that keeps every concurrent batch full.</summary>
    public int PrefetchCount => MessageLimit * ConcurrencyLimit;
}
