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

    [Fact]
    public async Task Given_up_items_and_poison_messages_both_land_in_the_quorum_error_queue()
    {
        await using var scenario = await WorkerScenario.CreateAsync(broker, s =>
        {
            s["RabbitMq:UseQuorumQueues"] = "true";
            s["Worker:MaxDeliveryAttempts"] = "1";
            s["FanPass:Resilience:MaxRetryAttempts"] = "1";
            s["FanPass:Resilience:CircuitBreaker:MinimumThroughput"] = "1000";
        });
        scenario.Emulator.State.Faults = new FanPass.Emulator.FaultSettings { ErrorRate = 1.0, ErrorStatus = 503 };
        await scenario.StartWorkerAsync();

        var errorQueue = await broker.GetQueueAsync(scenario.VirtualHost, "fanpass-user-attributes_error");
        Assert.Equal("quorum", errorQueue?.Arguments?["x-queue-type"].GetString());

        var doomed = Inputs.Attributes("quorum-doomed", 1, ("custom.loyalty_tier", "gold"));
        await scenario.Upstream.Publish(doomed);
        await scenario.Outcomes.WaitForInputsAsync([doomed.EventId], TimeSpan.FromSeconds(30));
        var failed = Assert.Single(scenario.Outcomes.OfType<FanPass.Contracts.UserAttributesUpdateFailed>());
        Assert.Equal(FanPass.Contracts.ErrorCodes.FanPassUnavailable, failed.ErrorCode);

        await using var raw = await scenario.RawAsync();
        await raw.PublishAsync("", "fanpass-user-attributes", "not json at all");
        await OutcomeLog.WaitUntilAsync(() => raw.CountAsync("fanpass-user-attributes_error").Result == 2, TimeSpan.FromSeconds(30), "the given-up original and the poison message in _error");
        var bodies = (await raw.DrainAsync("fanpass-user-attributes_error")).Select(m => m.Body).ToList();
        Assert.Contains("not json at all", bodies);
        Assert.Contains(bodies, b => b.Contains(doomed.EventId.ToString(), StringComparison.Ordinal));
    }
}
