namespace FanPass.Emulator;

/// <summary>One API request as seen by the emulator. Never holds the bearer token.</summary>
public sealed record RecordedRequest
{
    /// <summary>Monotonic sequence number (1 = first request since start or reset).</summary>
    public long Sequence { get; init; }

    public DateTimeOffset Timestamp { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    /// <summary>Final status; 499 when the client aborted before an answer (timeouts).</summary>
    public int StatusCode { get; init; }

    public string? ContentType { get; init; }

    /// <summary>"inline", "csv" or "user"; null when the body was never read.</summary>
    public string? Kind { get; init; }

    public string? SegmentName { get; init; }

    public string? UserId { get; init; }

    /// <summary>User ids in a segment import, or properties in a user update.</summary>
    public int ItemCount { get; init; }

    /// <summary>Whether an Authorization header was present (its value is never stored).</summary>
    public bool HadAuthorization { get; init; }

    /// <summary>Top-level JSON field names (or multipart part names) in the order seen.</summary>
    public IReadOnlyList<string> BodyFields { get; init; } = [];

    /// <summary>First line of an uploaded CSV file.</summary>
    public string? CsvHeader { get; init; }

    /// <summary>Injected fault: "unauthorized", "rate_limited", "timeout", "error", "rejected"; null if none.</summary>
    public string? Fault { get; init; }

    public double DurationMs { get; init; }
}
