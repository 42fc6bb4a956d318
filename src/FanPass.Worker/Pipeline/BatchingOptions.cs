namespace FanPass.Worker.Pipeline;

/// <summary>Batching per input type, bound from <c>Batching:Segments:*</c> and <c>Batching:Attributes:*</c>.</summary>
public sealed class BatchingOptions
{
    public const string SectionName = "Batching";

    /// <summary>
    /// Segment snapshots are large and rarely many: a small batch that still lets several snapshots of one
    /// segment collapse into one import.
    /// </summary>
    public BatchLimits Segments { get; set; } = new() { MessageLimit = 20, TimeLimit = TimeSpan.FromMilliseconds(500), ConcurrencyLimit = 2 };

    /// <summary>
    /// Measured on 2 cores: limit 100 / 200 ms / concurrency 4 drained about 8,000 msg/s, limit 500 was slower.
    /// </summary>
    public BatchLimits Attributes { get; set; } = new() { MessageLimit = 100, TimeLimit = TimeSpan.FromMilliseconds(200), ConcurrencyLimit = 4 };
}
