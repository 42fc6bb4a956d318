namespace FanPass.Contracts;

/// <summary>The segment snapshot of <see cref="RequestId"/> was not imported.</summary>
public sealed record SegmentImportFailed
{
    public Guid RequestId { get; init; }

    public string SegmentName { get; init; } = string.Empty;

    /// <summary>One of <see cref="ErrorCodes"/>.</summary>
    public string ErrorCode { get; init; } = string.Empty;

    public string Reason { get; init; } = string.Empty;

    public int? HttpStatus { get; init; }

    /// <summary>True when publishing the same request again later may succeed.</summary>
    public bool Retriable { get; init; }

    public int Attempts { get; init; }

    public DateTimeOffset FailedAt { get; init; }
}
