using System.Text.Json;
using FanPass.Contracts;
using FanPass.Emulator;
using FanPass.IntegrationTests.Infrastructure;

namespace FanPass.IntegrationTests.Scenarios;

[Collection(BrokerCollection.Name)]
public sealed class when_fanpass_fails_transiently(RabbitMqBroker broker)
{
    [Fact]
    public async Task A_5xx_burst_is_retried_and_every_item_succeeds()
    {
        await using var scenario = await WorkerScenario.CreateAsync(broker);
        scenario.Emulator.State.Faults = new FaultSettings { FailNext = 4, ErrorStatus = 503 };
        await scenario.StartWorkerAsync();

        var events = Enumerable.Range(0, 20).Select(i => Inputs.Attributes($"burst-{i}", i, ("custom.loyalty_tier", "gold"))).ToList();
        await Task.WhenAll(events.Select(e => scenario.Upstream.Publish(e)));
        await scenario.Outcomes.WaitForInputsAsync(events.Select(e => e.EventId), TimeSpan.FromSeconds(60));

        var updated = scenario.Outcomes.OfType<UserAttributesUpdated>();
        Assert.Equal(20, updated.Count);
        Assert.Empty(scenario.Outcomes.OfType<UserAttributesUpdateFailed>());
        Assert.True(updated.Sum(u => u.Attempts) >= 24, "the four 503s must show as extra attempts");
        Assert.Equal(24, scenario.Emulator.State.RequestCounts.GetValueOrDefault("POST /api/v1/users"));
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_honoured()
    {
        await using var scenario = await WorkerScenario.CreateAsync(broker);
        scenario.Emulator.State.Faults = new FaultSettings { FailNext = 1, ErrorStatus = 429, RetryAfterSeconds = 1 };
        await scenario.StartWorkerAsync();

        var started = DateTime.UtcNow;
        var snapshot = Inputs.Segment("throttled", 1, ["a", "b", "c"]);
        await scenario.Upstream.Publish(snapshot);
        await scenario.Outcomes.WaitForInputsAsync([snapshot.RequestId], TimeSpan.FromSeconds(30));

        var succeeded = Assert.Single(scenario.Outcomes.OfType<SegmentImportSucceeded>());
        Assert.Equal(2, succeeded.Attempts);
        var requests = scenario.Emulator.State.Requests.Where(r => r.Path == "/api/v1/segments").OrderBy(r => r.Timestamp).ToList();
        Assert.Equal([429, 200], requests.Select(r => r.StatusCode));
        Assert.True(requests[1].Timestamp - requests[0].Timestamp >= TimeSpan.FromSeconds(0.95), $"second attempt came {requests[1].Timestamp - requests[0].Timestamp} after the 429");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Sustained_429s_pause_consumption_and_spend_no_delivery()
    {
        await using var scenario = await WorkerScenario.CreateAsync(broker, s =>
        {
            s["Worker:MaxDeliveryAttempts"] = "1"; // a spent delivery would end the item as fanpass_unavailable at once
            s["FanPass:Resilience:MaxRetryAttempts"] = "2";
        });
        scenario.Emulator.State.Faults = new FaultSettings { FailNext = 5, ErrorStatus = 429, RetryAfterSeconds = 1 };
        await scenario.StartWorkerAsync();
        var consumption = scenario.Worker!.Services.GetRequiredService<FanPass.Worker.Pipeline.ConsumptionController>();

        var message = Inputs.Attributes("throttled-user", 1, ("custom.loyalty_tier", "gold"));
        await scenario.Upstream.Publish(message);
        await scenario.Outcomes.WaitForInputsAsync([message.EventId], TimeSpan.FromSeconds(60));

        Assert.Empty(scenario.Outcomes.OfType<UserAttributesUpdateFailed>());
        var updated = Assert.Single(scenario.Outcomes.OfType<UserAttributesUpdated>());
        Assert.Equal(6, updated.Attempts); // 3 attempts (all 429), pause, then 429, 429, 200
        Assert.True(consumption.PauseCount >= 1);
        Assert.Equal([429, 429, 429, 429, 429, 200], scenario.Emulator.State.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Items_still_failing_after_the_last_delivery_fail_as_unavailable_with_the_original_in_error()
    {
        await using var scenario = await WorkerScenario.CreateAsync(broker, s =>
        {
            s["Worker:MaxDeliveryAttempts"] = "2";
            s["FanPass:Resilience:MaxRetryAttempts"] = "1";
            s["FanPass:Resilience:CircuitBreaker:MinimumThroughput"] = "1000"; // keep the breaker out of this scenario
        });
        await scenario.StartWorkerAsync();
        scenario.Emulator.State.Faults = new FaultSettings { ErrorRate = 1.0, ErrorStatus = 502 };

        var doomed = Inputs.Attributes("doomed", 1, ("custom.loyalty_tier", "gold"));
        await scenario.Upstream.Publish(doomed);
        await scenario.Outcomes.WaitForInputsAsync([doomed.EventId], TimeSpan.FromSeconds(60));

        var failed = Assert.Single(scenario.Outcomes.OfType<UserAttributesUpdateFailed>());
        Assert.Equal(ErrorCodes.FanPassUnavailable, failed.ErrorCode);
        Assert.True(failed.Retriable);
        Assert.Equal(502, failed.HttpStatus);
        Assert.Equal(4, failed.Attempts); // 2 deliveries x (1 try + 1 retry)
        Assert.Equal(4, scenario.Emulator.State.RequestCounts.GetValueOrDefault("POST /api/v1/users"));

        await using var raw = await scenario.RawAsync();
        var errors = await raw.DrainAsync("fanpass-user-attributes_error");
        var original = Assert.Single(errors);
        using var body = JsonDocument.Parse(original.Body);
        Assert.Equal(doomed.EventId, body.RootElement.GetProperty("message").GetProperty("eventId").GetGuid());
        Assert.Equal("fanpass_unavailable", System.Text.Encoding.UTF8.GetString((byte[])original.Headers["FanPass-Error-Code"]!));
        Assert.Equal(0u, await raw.CountAsync("fanpass-user-attributes"));
    }

    [Fact]
    public async Task An_outage_opens_the_breaker_pauses_consumption_and_fails_nothing()
    {
        await using var scenario = await WorkerScenario.CreateAsync(broker, s =>
        {
            s["Worker:MaxDeliveryAttempts"] = "3";
            s["FanPass:Resilience:CircuitBreaker:MinimumThroughput"] = "4";
            s["FanPass:Resilience:CircuitBreaker:BreakDuration"] = "00:00:01";
            s["Worker:OutagePauseDuration"] = "00:00:02";
        });
        scenario.Emulator.State.Faults = new FaultSettings { ErrorRate = 1.0, ErrorStatus = 503 };
        await scenario.StartWorkerAsync();

        var events = Enumerable.Range(0, 30).Select(i => Inputs.Attributes($"outage-{i}", i, ("custom.loyalty_tier", "gold"))).ToList();
        await Task.WhenAll(events.Select(e => scenario.Upstream.Publish(e)));

        var consumption = scenario.Worker!.Services.GetRequiredService<FanPass.Worker.Pipeline.ConsumptionController>();
        await OutcomeLog.WaitUntilAsync(() => consumption.PauseCount > 0, TimeSpan.FromSeconds(60), "consumption paused by the breaker");
        using (var http = new HttpClient())
        {
            using var ready = await http.GetAsync(new Uri(scenario.HealthAddress!, "/healthz/ready"));
            // Either still paused (503) or just resumed; while paused it names the failing check.
            if (!ready.IsSuccessStatusCode)
            {
                Assert.Contains("consumption", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(3)); // the outage lasts a while
        scenario.Emulator.State.Faults = new FaultSettings();
        await scenario.Outcomes.WaitForInputsAsync(events.Select(e => e.EventId), TimeSpan.FromSeconds(90));

        Assert.Empty(scenario.Outcomes.OfType<UserAttributesUpdateFailed>());
        Assert.Equal(30, scenario.Outcomes.OfType<UserAttributesUpdated>().Sum(u => u.SourceEventIds.Count));
        Assert.All(events, e => Assert.Equal("gold", scenario.Emulator.State.GetUser(e.UserId)?["custom.loyalty_tier"]?.GetValue<string>()));
    }
}
