using System.Text.Json.Nodes;
using FanPass.Contracts;

namespace FanPass.Cli.Commands;

/// <summary>A deterministic sample of inputs: attribute changes over a set of users, and segment snapshots.</summary>
internal static class SampleWorkload
{
    private static readonly string[] Tiers = ["bronze", "silver", "gold", "platinum"];

    public static List<UserAttributesChanged> AttributeEvents(int events, int users, int seed = 42)
    {
        var random = new Random(seed);
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        var result = new List<UserAttributesChanged>(events);
        for (var i = 0; i < events; i++)
        {
            var attributes = new Dictionary<string, JsonNode?>
            {
                ["custom.loyalty_tier"] = Tiers[random.Next(Tiers.Length)],
            };
            if (random.Next(3) == 0)
            {
                attributes["user_properties.ticketing_plans"] = new JsonArray("season", random.Next(2) == 0 ? "vip" : "family");
            }

            if (random.Next(4) == 0)
            {
                attributes["custom.visits"] = random.Next(1, 60);
            }

            result.Add(new UserAttributesChanged
            {
                EventId = Guid.NewGuid(),
                UserId = $"fan-{random.Next(users):D5}",
                OccurredAt = start.AddMilliseconds(i * 10 + random.Next(5)),
                Attributes = attributes,
            });
        }

        return result;
    }

    public static List<SegmentImportRequested> Segments(int snapshots, int seed = 7)
    {
        var random = new Random(seed);
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        return Enumerable.Range(0, snapshots).Select(i => new SegmentImportRequested
        {
            RequestId = Guid.NewGuid(),
            SegmentName = $"season-ticket-holders-{i % 3}",
            RequestedAt = start.AddSeconds(i),
            UserIds = Enumerable.Range(0, random.Next(50, 500)).Select(_ => $"fan-{random.Next(2000):D5}").ToList(),
        }).ToList();
    }
}
