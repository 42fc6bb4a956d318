using System.Net;
using FanPass.Contracts;
using FanPass.Emulator;
using FanPass.IntegrationTests.Infrastructure;
using FanPass.Worker.Pipeline;

namespace FanPass.IntegrationTests.Scenarios;

[Collection(BrokerCollection.Name)]
public sealed class when_the_token_is_refused(RabbitMqBroker broker)
{
    [Fact]
    public async Task A_401_pauses_consumption_keeps_messages_queued_and_resumes_when_fanpass_accepts_again()
    {
        await using var scenario = await WorkerScenario.CreateAsync(broker, s => s["Worker:AuthPauseDuration"] = "00:00:02");
        scenario.Emulator.State.Faults = new FaultSettings { Unauthorized = true };
        await scenario.StartWorkerAsync();
        var consumption = scenario.Worker!.Services.GetRequiredService<ConsumptionController>();

        var first = Inputs.Attributes("auth-1", 1, ("custom.loyalty_tier", "gold"));
        await scenario.Upstream.Publish(first);
        await OutcomeLog.WaitUntilAsync(() => consumption.Reason == PauseReason.Unauthorized, TimeSpan.FromSeconds(30), "paused for 401");

        using var http = new HttpClient();
        using (var ready = await http.GetAsync(new Uri(scenario.HealthAddress!, "/healthz/ready")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("401", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var live = await http.GetAsync(new Uri(scenario.HealthAddress!, "/healthz/live")))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        // While paused, more messages stay in the queue and nothing fails.
        var later = Enumerable.Range(0, 10).Select(i => Inputs.Attributes($"auth-later-{i}", i, ("custom.loyalty_tier", "silver"))).ToList();
        await Task.WhenAll(later.Select(e => scenario.Upstream.Publish(e)));
        await using (var raw = await scenario.RawAsync())
        {
            await OutcomeLog.WaitUntilAsync(() => raw.CountAsync("fanpass-user-attributes").Result >= 11, TimeSpan.FromSeconds(10), "messages waiting in the queue");
        }

        Assert.Empty(scenario.Outcomes.All);

        // Still refused at the first resume: pauses again. Then the token is accepted: resumes by itself.
        await OutcomeLog.WaitUntilAsync(() => consumption.PauseCount >= 2, TimeSpan.FromSeconds(30), "paused again after the first resume");
        scenario.Emulator.State.Faults = new FaultSettings();
        await scenario.Outcomes.WaitForInputsAsync(later.Select(e => e.EventId).Append(first.EventId), TimeSpan.FromSeconds(30));

        Assert.Empty(scenario.Outcomes.OfType<UserAttributesUpdateFailed>());
        Assert.Equal(11, scenario.Outcomes.OfType<UserAttributesUpdated>().Sum(u => u.SourceEventIds.Count));
        Assert.False(consumption.IsPaused);
        using (var ready = await http.GetAsync(new Uri(scenario.HealthAddress!, "/healthz/ready")))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
    }
}
