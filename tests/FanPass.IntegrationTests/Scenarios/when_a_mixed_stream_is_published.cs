using System.Text.Json.Nodes;
using FanPass.Contracts;
using FanPass.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace FanPass.IntegrationTests.Scenarios;

[Collection(BrokerCollection.Name)]
public sealed class when_a_mixed_stream_is_published(RabbitMqBroker broker, ITestOutputHelper output)
{
    [Fact]
    public async Task FanPass_ends_with_the_latest_state_and_every_input_has_exactly_one_outcome()
    {
        await using var scenario = await WorkerScenario.CreateAsync(broker);
        await scenario.StartWorkerAsync();
        var random = new Random(20261204);
        var times = Enumerable.Range(0, 2030).ToArray();
        random.Shuffle(times); // distinct timestamps: no ties, so the expected state does not depend on delivery order

        // 2,000 attribute events over 200 users, 3 keys, timestamps shuffled so that delivery order != time order.
        var events = new List<UserAttributesChanged>();
        for (var i = 0; i < 2000; i++)
        {
            var user = $"user-{random.Next(200):D3}";
            var key = random.Next(3) switch { 0 => "custom.loyalty_tier", 1 => "user_properties.ticketing_plans", _ => "custom.visits" };
            JsonNode? value = key == "custom.visits" ? JsonValue.Create(i) : JsonValue.Create($"v{i}");
            events.Add(Inputs.Attributes(user, times[i], (key, value)));
        }

        // 30 snapshots over 5 segments.
        var snapshots = new List<SegmentImportRequested>();
        for (var i = 0; i < 30; i++)
        {
            var members = Enumerable.Range(0, random.Next(1, 300)).Select(_ => $"user-{random.Next(1000):D4}").ToList();
            snapshots.Add(Inputs.Segment($"segment-{i % 5}", times[2000 + i], members));
        }

        await Task.WhenAll(events.Select(e => scenario.Upstream.Publish(e)).Concat(snapshots.Select(s => scenario.Upstream.Publish(s))));
        var inputIds = events.Select(e => e.EventId).Concat(snapshots.Select(s => s.RequestId)).ToList();
        await scenario.Outcomes.WaitForInputsAsync(inputIds, TimeSpan.FromSeconds(90));
        await Task.Delay(500); // let any duplicate outcome arrive before counting

        // Exactly one outcome per input id.
        var counts = scenario.Outcomes.InputIdCounts();
        Assert.Equal(inputIds.Count, counts.Count);
        Assert.All(inputIds, id => Assert.Equal(1, counts[id]));

        // FanPass holds the newest value per user and key.
        var expectedUsers = events
            .GroupBy(e => e.UserId)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Attributes.Select(a => (a.Key, e.OccurredAt, Value: a.Value)))
                .GroupBy(a => a.Key)
                .ToDictionary(k => k.Key, k => k.OrderByDescending(a => a.OccurredAt).First().Value?.ToJsonString()));
        foreach (var (user, expected) in expectedUsers)
        {
            var actual = scenario.Emulator.State.GetUser(user);
            Assert.NotNull(actual);
            foreach (var (key, value) in expected)
            {
                Assert.Equal(value, actual[key]?.ToJsonString());
            }
        }

        // FanPass holds the newest snapshot per segment, trimmed and de-duplicated.
        foreach (var segment in snapshots.GroupBy(s => s.SegmentName))
        {
            var newest = segment.OrderByDescending(s => s.RequestedAt).First();
            var actual = scenario.Emulator.State.GetSegment(segment.Key);
            Assert.NotNull(actual);
            Assert.Equal(newest.UserIds.Distinct().Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        }

        // One FanPass call per user per batch: every user call produced exactly one UserAttributesUpdated. (An update
        // whose every key was already newer in FanPass, from an earlier batch, is reported without a call: Attempts 0.)
        var updated = scenario.Outcomes.OfType<UserAttributesUpdated>().Where(u => u.Attempts > 0).ToList();
        var userCalls = scenario.Emulator.State.RequestCounts.GetValueOrDefault("POST /api/v1/users");
        var segmentCalls = scenario.Emulator.State.RequestCounts.GetValueOrDefault("POST /api/v1/segments");
        Assert.Equal(updated.Count, userCalls);
        Assert.True(userCalls < events.Count, $"attribute events were not coalesced: {userCalls} calls for {events.Count} events");
        Assert.Equal(scenario.Outcomes.OfType<SegmentImportSucceeded>().Count, segmentCalls);
        Assert.Equal(snapshots.Count, scenario.Outcomes.OfType<SegmentImportSucceeded>().Count + scenario.Outcomes.OfType<SegmentImportSuperseded>().Count);

        output.WriteLine($"messages in: {events.Count} UserAttributesChanged + {snapshots.Count} SegmentImportRequested = {inputIds.Count}");
        output.WriteLine($"FanPass calls: POST /api/v1/users {userCalls}, POST /api/v1/segments {segmentCalls}");
        output.WriteLine($"coalescing: {events.Count / (double)userCalls:F2} attribute events per user call; {scenario.Outcomes.OfType<UserAttributesUpdated>().Count(u => u.Attempts == 0)} updates already superseded in FanPass (no call)");
        foreach (var group in scenario.Outcomes.All.GroupBy(o => o.Message.GetType().Name).OrderBy(g => g.Key))
        {
            output.WriteLine($"outcomes {group.Key}: {group.Count()}");
        }
    }
}
