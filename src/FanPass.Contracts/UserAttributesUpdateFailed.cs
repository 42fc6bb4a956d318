namespace FanPass.Contracts;

/// <summary>The attribute changes of the events in <see cref="SourceEventIds"/> for <see cref="UserId"/> were not applied.</summary>
public sealed record UserAttributesUpdateFailed
{
    public string UserId { get; init; } = string.Empty;

    public IReadOnlyList<Guid> SourceEventIds { get; init; } = [];

    /// <summary>One of <see cref="ErrorCodes"/>.</summary>
    public string ErrorCode { get; init; } = string.Empty;

    public string Reason { get; init; } = string.Empty;

    public int? HttpStatus { get; init; }

    /// <summary>True when publishing the same events again later may succeed.</summary>
    public bool Retriable { get; init; }

    public int Attempts { get; init; }

    public DateTimeOffset FailedAt { get; init; }
}
