namespace FanPass.Contracts;

/// <summary>
/// The snapshot of <see cref="RequestId"/> was not sent because a newer snapshot of the same segment,
/// <see cref="SupersededBy"/>, arrived in the same batch and was sent instead.
/// </summary>
public sealed record SegmentImportSuperseded
{
    public Guid RequestId { get; init; }

    public string SegmentName { get; init; } = string.Empty;

    public Guid SupersededBy { get; init; }

    public DateTimeOffset CompletedAt { get; init; }
}
