using System.Text.Json.Nodes;
using FanPass.Contracts;

namespace FanPass.IntegrationTests.Infrastructure;

/// <summary>Builders of input messages for scenarios.</summary>
public static class Inputs
{
    public static readonly DateTimeOffset Epoch = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static UserAttributesChanged Attributes(string userId, int secondsAfterEpoch, params (string Key, JsonNode? Value)[] attributes) => new()
    {
        EventId = Guid.NewGuid(),
        UserId = userId,
        OccurredAt = Epoch.AddSeconds(secondsAfterEpoch),
        Attributes = attributes.ToDictionary(a => a.Key, a => a.Value),
    };

    public static SegmentImportRequested Segment(string name, int secondsAfterEpoch, IEnumerable<string> userIds) => new()
    {
        RequestId = Guid.NewGuid(),
        SegmentName = name,
        RequestedAt = Epoch.AddSeconds(secondsAfterEpoch),
        UserIds = userIds.ToList(),
    };
}
