using FanPass.IntegrationTests.Infrastructure;

namespace FanPass.IntegrationTests.Scenarios;

[Collection(BrokerCollection.Name)]
public sealed class when_a_poison_message_arrives(RabbitMqBroker broker)
{
    [Fact]
    public async Task It_lands_unchanged_in_error_and_the_rest_is_unaffected()
    {
        await using var scenario = await WorkerScenario.CreateAsync(broker);
        await scenario.StartWorkerAsync();
        await using var raw = await scenario.RawAsync();

        const string poison = "this is { not json";
        var before = Inputs.Attributes("poison-before", 1, ("custom.loyalty_tier", "gold"));
        var after = Inputs.Attributes("poison-after", 2, ("custom.loyalty_tier", "gold"));
        await scenario.Upstream.Publish(before);
        await raw.PublishAsync("", "fanpass-user-attributes", poison);
        await scenario.Upstream.Publish(after);

        await scenario.Outcomes.WaitForInputsAsync([before.EventId, after.EventId], TimeSpan.FromSeconds(30));
        await OutcomeLog.WaitUntilAsync(() => raw.CountAsync("fanpass-user-attributes_error").Result == 1, TimeSpan.FromSeconds(30), "the poison message in _error");

        var errors = await raw.DrainAsync("fanpass-user-attributes_error");
        var moved = Assert.Single(errors);
        Assert.Equal(poison, moved.Body);
        Assert.Equal(2, scenario.Outcomes.All.Count);
        Assert.Empty(scenario.Outcomes.OfType<FanPass.Contracts.UserAttributesUpdateFailed>());
    }
}
