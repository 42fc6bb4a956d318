using System.Text.Json.Nodes;

namespace FanPass.Worker.Attributes;

/// <summary>
/// One attribute update to send for a batch: the merged attributes of <see cref="UserId"/>.
/// Indexes are positions in the batch (delivery order).
/// </summary>
/// <param name="UserId">The user (trimmed).</param>
/// <param name="Properties">Per key, the value of the latest <c>OccurredAt</c> (a tie goes to the later delivered); keys sorted ordinally.</param>
/// <param name="KeyTimestamps">Per key, the <c>OccurredAt</c> of the value kept.</param>
/// <param name="SourceEventIds">Distinct event ids merged here, in delivery order.</param>
/// <param name="SourceIndexes">One position per distinct event id (its last delivered copy): the messages that stand for this update.</param>
/// <param name="DuplicateIndexes">Further deliveries of an event id already counted: acknowledged with no outcome of their own.</param>
public sealed record CoalescedUserUpdate(
    string UserId,
    IReadOnlyDictionary<string, JsonNode?> Properties,
    IReadOnlyDictionary<string, DateTimeOffset> KeyTimestamps,
    IReadOnlyList<Guid> SourceEventIds,
    IReadOnlyList<int> SourceIndexes,
    IReadOnlyList<int> DuplicateIndexes);
