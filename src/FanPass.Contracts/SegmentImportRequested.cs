namespace FanPass.Contracts;

/// <summary>
/// A complete snapshot of an imported segment's members. The newest snapshot (by <see cref="RequestedAt"/>)
/// of a segment wins; older ones coalesced with it end as <see cref="SegmentImportSuperseded"/>.
/// </summary>
public sealed record SegmentImportRequested
{
    public Guid RequestId { get; init; }

    public string SegmentName { get; init; } = string.Empty;

    public IReadOnlyList<string> UserIds { get; init; } = [];

    public DateTimeOffset RequestedAt { get; init; }
}
