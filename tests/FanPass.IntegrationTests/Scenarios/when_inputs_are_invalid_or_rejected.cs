using System.Text.Json.Nodes;
using FanPass.Contracts;
using FanPass.Emulator;
using FanPass.IntegrationTests.Infrastructure;

namespace FanPass.IntegrationTests.Scenarios;

[Collection(BrokerCollection.Name)]
public sealed class when_inputs_are_invalid_or_rejected(RabbitMqBroker broker)
{
    [Fact]
    public async Task Invalid_messages_fail_with_validation_and_the_rest_of_the_batch_goes_on()
    {
        await using var scenario = await WorkerScenario.CreateAsync(broker);
        await scenario.StartWorkerAsync();

        var badKey = Inputs.Attributes("u-1", 1, ("loyalty_tier", "secret-value-1"));
        var objectValue = Inputs.Attributes("u-2", 1, ("custom.address", new JsonObject { ["street"] = "secret-value-2" }));
        var emptyName = Inputs.Attributes("u-3", 1, ("custom.", "x"));
        var good = Inputs.Attributes("u-4", 1, ("custom.loyalty_tier", "gold"));
        var noName = Inputs.Segment(" ", 1, ["a"]);
        var goodSegment = Inputs.Segment("vip", 1, ["a", "b"]);
        foreach (var message in new object[] { badKey, objectValue, emptyName, good, noName, goodSegment })
        {
            await scenario.Upstream.Publish(message);
        }

        await scenario.Outcomes.WaitForInputsAsync([badKey.EventId, objectValue.EventId, emptyName.EventId, good.EventId, noName.RequestId, goodSegment.RequestId], TimeSpan.FromSeconds(30));

        var failed = scenario.Outcomes.OfType<UserAttributesUpdateFailed>().ToDictionary(f => f.SourceEventIds.Single());
        Assert.All(failed.Values, f =>
        {
            Assert.Equal(ErrorCodes.Validation, f.ErrorCode);
            Assert.False(f.Retriable);
            Assert.Null(f.HttpStatus);
            Assert.DoesNotContain("secret-value", f.Reason, StringComparison.Ordinal);
        });
        Assert.Contains("Attributes[loyalty_tier]", failed[badKey.EventId].Reason, StringComparison.Ordinal);
        Assert.Contains("Attributes[custom.address]", failed[objectValue.EventId].Reason, StringComparison.Ordinal);
        Assert.Contains("Attributes[custom.]", failed[emptyName.EventId].Reason, StringComparison.Ordinal);
        var segmentFailed = Assert.Single(scenario.Outcomes.OfType<SegmentImportFailed>());
        Assert.Equal(noName.RequestId, segmentFailed.RequestId);
        Assert.StartsWith("SegmentName", segmentFailed.Reason, StringComparison.Ordinal);

        Assert.Equal("gold", scenario.Emulator.State.GetUser("u-4")?["custom.loyalty_tier"]?.GetValue<string>());
        Assert.NotNull(scenario.Emulator.State.GetSegment("vip"));
        Assert.Null(scenario.Emulator.State.GetUser("u-1"));
        Assert.Equal(1, scenario.Emulator.State.RequestCounts.GetValueOrDefault("POST /api/v1/users"));
    }

    [Fact]
    public async Task A_422_fails_that_item_alone_without_retry()
    {
        await using var scenario = await WorkerScenario.CreateAsync(broker);
        scenario.Emulator.State.Faults = new FaultSettings { RejectUserIds = ["rejected-user"], RejectSegmentNames = ["rejected-segment"] };
        await scenario.StartWorkerAsync();

        var rejected = Inputs.Attributes("rejected-user", 1, ("custom.loyalty_tier", "gold"));
        var accepted = Inputs.Attributes("accepted-user", 1, ("custom.loyalty_tier", "gold"));
        var rejectedSegment = Inputs.Segment("rejected-segment", 1, ["a"]);
        var acceptedSegment = Inputs.Segment("accepted-segment", 1, ["a"]);
        await Task.WhenAll(new object[] { rejected, accepted, rejectedSegment, acceptedSegment }.Select(m => scenario.Upstream.Publish(m)));
        await scenario.Outcomes.WaitForInputsAsync([rejected.EventId, accepted.EventId, rejectedSegment.RequestId, acceptedSegment.RequestId], TimeSpan.FromSeconds(30));

        var failed = Assert.Single(scenario.Outcomes.OfType<UserAttributesUpdateFailed>());
        Assert.Equal(ErrorCodes.FanPassRejected, failed.ErrorCode);
        Assert.Equal(422, failed.HttpStatus);
        Assert.False(failed.Retriable);
        Assert.Equal(1, failed.Attempts);
        var segmentFailed = Assert.Single(scenario.Outcomes.OfType<SegmentImportFailed>());
        Assert.Equal(ErrorCodes.FanPassRejected, segmentFailed.ErrorCode);
        Assert.Equal(422, segmentFailed.HttpStatus);
        Assert.Single(scenario.Outcomes.OfType<UserAttributesUpdated>(), u => u.UserId == "accepted-user");
        Assert.Single(scenario.Outcomes.OfType<SegmentImportSucceeded>(), s => s.SegmentName == "accepted-segment");
        Assert.Equal(2, scenario.Emulator.State.RequestCounts.GetValueOrDefault("POST /api/v1/users"));
    }
}
