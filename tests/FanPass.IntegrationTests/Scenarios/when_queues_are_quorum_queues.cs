using FanPass.IntegrationTests.Infrastructure;

namespace FanPass.IntegrationTests.Scenarios;

[Collection(BrokerCollection.Name)]
public sealed class when_queues_are_quorum_queues(RabbitMqBroker broker)
{
    [Fact]
    public async Task Input_queues_are_declared_quorum_and_redelivery_works()
    {
        await using var scenario = await WorkerScenario.CreateAsync(broker, s =>
        {
            s["RabbitMq:UseQuorumQueues"] = "true";
            s["FanPass:Resilience:MaxRetryAttempts"] = "1";
        });
        // Two calls fail with 503 after retries: the item must go back through the (quorum) queue's exchange.
        scenario.Emulator.State.Faults = new FanPass.Emulator.FaultSettings { FailNext = 2, ErrorStatus = 503 };
        await scenario.StartWorkerAsync();

        var queue = await broker.GetQueueAsync(scenario.VirtualHost, "fanpass-user-attributes");
        Assert.NotNull(queue);
        Assert.Equal("quorum", queue.Arguments?["x-queue-type"].GetString());

        var message = Inputs.Attributes("quorum-1", 1, ("custom.loyalty_tier", "gold"));
        await scenario.Upstream.Publish(message);
        await scenario.Outcomes.WaitForInputsAsync([message.EventId], TimeSpan.FromSeconds(30));

        var updated = Assert.Single(scenario.Outcomes.OfType<FanPass.Contracts.UserAttributesUpdated>());
        Assert.Equal(3, updated.Attempts);
    }
}
