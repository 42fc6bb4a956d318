namespace FanPass.Contracts;

/// <summary>FanPass accepted the segment snapshot of <see cref="RequestId"/>.</summary>
public sealed record SegmentImportSucceeded
{
    public Guid RequestId { get; init; }

    public string SegmentName { get; init; } = string.Empty;

    public int UserCount { get; init; }

    /// <summary><see cref="SegmentImportMethods.Inline"/> or <see cref="SegmentImportMethods.Csv"/>.</summary>
    public string Method { get; init; } = SegmentImportMethods.Inline;

    public int Attempts { get; init; }

    public DateTimeOffset CompletedAt { get; init; }
}
