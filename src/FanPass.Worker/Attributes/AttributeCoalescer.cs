using System.Text.Json.Nodes;
using FanPass.Contracts;

namespace FanPass.Worker.Attributes;

/// <summary>
/// Merges a batch of valid attribute changes into one update per user: per key the value from the latest
/// <c>OccurredAt</c> wins (a tie goes to the later delivered), and repeated deliveries of one <c>EventId</c>
/// count once. Pure: no I/O, no clock.
/// </summary>
public static class AttributeCoalescer
{
    /// <param name="events">Valid events in delivery order, each with its position in the batch.</param>
    public static IReadOnlyList<CoalescedUserUpdate> Coalesce(IReadOnlyList<(int Index, UserAttributesChanged Message)> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var result = new List<CoalescedUserUpdate>();

        // An EventId names one event: if copies of it disagree on the user, the last delivered copy decides, so that
        // the event still ends in exactly one outcome.
        var lastCopy = new Dictionary<Guid, string>();
        foreach (var (_, message) in events)
        {
            lastCopy[message.EventId] = message.UserId.Trim();
        }

        foreach (var group in events.GroupBy(e => lastCopy[e.Message.EventId], StringComparer.Ordinal))
        {
            var byEvent = new Dictionary<Guid, (int Index, UserAttributesChanged Message)>();
            var order = new List<Guid>();
            var duplicates = new List<int>();
            foreach (var item in group)
            {
                if (byEvent.TryGetValue(item.Message.EventId, out var earlier))
                {
                    duplicates.Add(earlier.Index);
                }
                else
                {
                    order.Add(item.Message.EventId);
                }

                byEvent[item.Message.EventId] = item;
            }

            var latest = new Dictionary<string, (DateTimeOffset At, int Index, JsonNode? Value)>(StringComparer.Ordinal);
            foreach (var (index, message) in byEvent.Values)
            {
                foreach (var (key, value) in message.Attributes)
                {
                    if (!latest.TryGetValue(key, out var current)
                        || message.OccurredAt > current.At
                        || (message.OccurredAt == current.At && index > current.Index))
                    {
                        latest[key] = (message.OccurredAt, index, value);
                    }
                }
            }

            var properties = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
            var timestamps = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var (key, entry) in latest)
            {
                // A copy: a JsonNode has one parent, and the client may place it into a request body.
                properties[key] = entry.Value?.DeepClone();
                timestamps[key] = entry.At;
            }

            duplicates.Sort();
            result.Add(new CoalescedUserUpdate(
                group.Key,
                properties,
                timestamps,
                order,
                order.Select(id => byEvent[id].Index).ToList(),
                duplicates));
        }

        return result;
    }
}
