using FanPass.Contracts;
using FanPass.IntegrationTests.Infrastructure;

namespace FanPass.IntegrationTests.Scenarios;

/// <summary>A non-.NET publisher with a plain AMQP client: no MassTransit envelope, camelCase JSON body.</summary>
[Collection(BrokerCollection.Name)]
public sealed class when_publishers_send_raw_json(RabbitMqBroker broker)
{
    [Fact]
    public async Task Raw_json_to_the_queue_and_to_the_type_exchange_is_consumed()
    {
        await using var scenario = await WorkerScenario.CreateAsync(broker);
        await scenario.StartWorkerAsync();
        await using var raw = await scenario.RawAsync();

        var toQueue = Guid.NewGuid();
        var toExchange = Guid.NewGuid();
        var segment = Guid.NewGuid();
        await raw.PublishAsync("", "fanpass-user-attributes", $$$"""
            {"eventId":"{{{toQueue}}}","userId":"raw-1","occurredAt":"2026-12-01T10:00:00Z",
             "attributes":{"custom.loyalty_tier":"gold","user_properties.ticketing_plans":["season","vip"],"custom.visits":12,"custom.opted_in":true,"custom.note":null}}
            """);
        await raw.PublishAsync("FanPass.Contracts:UserAttributesChanged", "", $$$"""
            {"eventId":"{{{toExchange}}}","userId":"raw-2","occurredAt":"2026-12-01T10:00:00+01:00","attributes":{"custom.loyalty_tier":"silver"}}
            """);
        await raw.PublishAsync("FanPass.Contracts:SegmentImportRequested", "", $$$"""
            {"requestId":"{{{segment}}}","segmentName":"raw-segment","requestedAt":"2026-12-01T10:00:00Z","userIds":[" a ","b","a"]}
            """);

        await scenario.Outcomes.WaitForInputsAsync([toQueue, toExchange, segment], TimeSpan.FromSeconds(30));

        var user1 = scenario.Emulator.State.GetUser("raw-1");
        Assert.NotNull(user1);
        Assert.Equal("gold", user1["custom.loyalty_tier"]?.GetValue<string>());
        Assert.Equal("""["season","vip"]""", user1["user_properties.ticketing_plans"]?.ToJsonString());
        Assert.Equal(12, user1["custom.visits"]?.GetValue<int>());
        Assert.True(user1["custom.opted_in"]?.GetValue<bool>());
        Assert.True(user1.ContainsKey("custom.note"));
        Assert.Null(user1["custom.note"]);
        Assert.Equal("silver", scenario.Emulator.State.GetUser("raw-2")?["custom.loyalty_tier"]?.GetValue<string>());
        Assert.Equal(["a", "b"], scenario.Emulator.State.GetSegment("raw-segment")?.Order(StringComparer.Ordinal));

        var updated = scenario.Outcomes.OfType<UserAttributesUpdated>();
        Assert.Contains(updated, u => u.SourceEventIds.Contains(toQueue) && u.AttributeKeys.Count == 5);
        var imported = Assert.Single(scenario.Outcomes.OfType<SegmentImportSucceeded>());
        Assert.Equal(2, imported.UserCount);
        Assert.Equal(SegmentImportMethods.Inline, imported.Method);
        Assert.Contains(scenario.Outcomes.All, o => o.CorrelationId == toQueue);
    }
}
