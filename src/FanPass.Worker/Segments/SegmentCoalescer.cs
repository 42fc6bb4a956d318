using FanPass.Contracts;

namespace FanPass.Worker.Segments;

/// <summary>
/// Collapses a batch of valid segment snapshots: per segment name (ordinal, trimmed) the snapshot with the latest
/// <c>RequestedAt</c> wins, a tie going to the later delivered; the others are superseded. Pure: no I/O, no clock.
/// </summary>
public static class SegmentCoalescer
{
    /// <param name="snapshots">Valid snapshots in delivery order, each with its position in the batch.</param>
    public static IReadOnlyList<CoalescedSegment> Coalesce(IReadOnlyList<(int Index, SegmentImportRequested Message)> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var result = new List<CoalescedSegment>();

        // A RequestId names one request: if copies of it disagree on the segment name, the last delivered copy
        // decides, so that the request still ends in exactly one outcome.
        var lastCopy = new Dictionary<Guid, string>();
        foreach (var (_, message) in snapshots)
        {
            lastCopy[message.RequestId] = message.SegmentName.Trim();
        }

        foreach (var group in snapshots.GroupBy(s => lastCopy[s.Message.RequestId], StringComparer.Ordinal))
        {
            // One entry per RequestId: the last delivered copy stands for the request; earlier copies are duplicates.
            var byRequest = new Dictionary<Guid, (int Index, SegmentImportRequested Message)>();
            var duplicates = new List<int>();
            foreach (var snapshot in group)
            {
                if (byRequest.TryGetValue(snapshot.Message.RequestId, out var earlier))
                {
                    duplicates.Add(earlier.Index);
                }

                byRequest[snapshot.Message.RequestId] = snapshot;
            }

            var winner = byRequest.Values
                .OrderByDescending(s => s.Message.RequestedAt)
                .ThenByDescending(s => s.Index)
                .First();
            var superseded = byRequest.Values
                .Where(s => s.Index != winner.Index)
                .Select(s => s.Index)
                .Order()
                .ToList();
            duplicates.Sort();

            result.Add(new CoalescedSegment(
                group.Key,
                winner.Index,
                winner.Message,
                NormalizeUserIds(winner.Message.UserIds),
                superseded,
                duplicates));
        }

        return result;
    }

    /// <summary>Trims every id and drops repeats (ordinal), keeping first-seen order.</summary>
    public static IReadOnlyList<string> NormalizeUserIds(IReadOnlyList<string> userIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var seen = new HashSet<string>(userIds.Count, StringComparer.Ordinal);
        var result = new List<string>(userIds.Count);
        foreach (var id in userIds)
        {
            var trimmed = id.Trim();
            if (trimmed.Length > 0 && seen.Add(trimmed))
            {
                result.Add(trimmed);
            }
        }

        return result;
    }
}
