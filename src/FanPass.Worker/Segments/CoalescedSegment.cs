using FanPass.Contracts;

namespace FanPass.Worker.Segments;

/// <summary>
/// One segment import to make for a batch: the newest snapshot of <see cref="SegmentName"/> and what it replaced.
/// Indexes are positions in the batch (delivery order).
/// </summary>
/// <param name="SegmentName">The segment, as the winning snapshot names it (trimmed).</param>
/// <param name="WinnerIndex">The position of the snapshot that is sent.</param>
/// <param name="Winner">The snapshot that is sent.</param>
/// <param name="UserIds">The winner's user ids, trimmed and de-duplicated, in first-seen order.</param>
/// <param name="SupersededIndexes">Positions of older snapshots of the segment: one per distinct <c>RequestId</c>; each gets <c>SegmentImportSuperseded</c>.</param>
/// <param name="DuplicateIndexes">Further deliveries of a <c>RequestId</c> already counted (redelivered copies): acknowledged, no outcome of their own.</param>
public sealed record CoalescedSegment(
    string SegmentName,
    int WinnerIndex,
    SegmentImportRequested Winner,
    IReadOnlyList<string> UserIds,
    IReadOnlyList<int> SupersededIndexes,
    IReadOnlyList<int> DuplicateIndexes);
