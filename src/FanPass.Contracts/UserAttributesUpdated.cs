namespace FanPass.Contracts;

/// <summary>FanPass accepted the merged attributes of <see cref="UserId"/> from the events in <see cref="SourceEventIds"/>.</summary>
public sealed record UserAttributesUpdated
{
    public string UserId { get; init; } = string.Empty;

    public IReadOnlyList<Guid> SourceEventIds { get; init; } = [];

    /// <summary>The attribute keys sent (never their values).</summary>
    public IReadOnlyList<string> AttributeKeys { get; init; } = [];

    public int Attempts { get; init; }

    public DateTimeOffset CompletedAt { get; init; }
}
