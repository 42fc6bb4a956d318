using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using FanPass.Worker.Diagnostics;
using FanPass.Worker.FanPassApi;

namespace FanPass.Worker.Tests.FanPassApi;

public sealed class FanPassClientTelemetryTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ActivityListener _listener;
    private readonly string _marker = Guid.NewGuid().ToString("N");

    public FanPassClientTelemetryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WorkerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    private static FanPassClientTestHost CreateSut(HttpStatusCode status) => FanPassClientTestHost.Create(StubHttpMessageHandler.Always(status));

    [Fact]
    public async Task ImportSegmentAsync_Call_OneSpanWithCountsButNoUserIdsOrToken()
    {
        using var sut = CreateSut(HttpStatusCode.OK);
        var segment = $"seg-{_marker}";

        await sut.Client.ImportSegmentAsync(segment, ["user-secret-1", "user-secret-2"], CancellationToken.None);

        var activity = Assert.Single(_activities, a => Equals(a.GetTagItem(WorkerTelemetry.Tags.SegmentName), segment));
        Assert.Equal("FanPass ImportSegment", activity.DisplayName);
        Assert.Equal("ImportSegment", activity.GetTagItem(WorkerTelemetry.Tags.Endpoint));
        Assert.Equal(2, activity.GetTagItem(WorkerTelemetry.Tags.SegmentUserCount));
        Assert.Equal(1, activity.GetTagItem(WorkerTelemetry.Tags.Attempts));
        Assert.Equal("success", activity.GetTagItem(WorkerTelemetry.Tags.Outcome));
        Assert.Equal(200, activity.GetTagItem(WorkerTelemetry.Tags.HttpStatusCode));
        var values = string.Join("|", activity.TagObjects.Select(t => t.Value?.ToString()));
        Assert.DoesNotContain("user-secret", values, StringComparison.Ordinal);
        Assert.DoesNotContain(FanPassClientTestHost.Token, values, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateUserAttributesAsync_Rejected_SpanHasAttributeCountAndErrorStatusWithoutValues()
    {
        using var sut = CreateSut(HttpStatusCode.UnprocessableEntity);
        var userId = $"user-{_marker}";
        var properties = new Dictionary<string, JsonNode?> { ["custom.tier"] = "value-secret", ["custom.points"] = 3 };

        await sut.Client.UpdateUserAttributesAsync(userId, properties, CancellationToken.None);

        var activity = Assert.Single(_activities, a => a.DisplayName == "FanPass UpdateUserAttributes" && Equals(a.GetTagItem(WorkerTelemetry.Tags.UserAttributeCount), 2) && Equals(a.GetTagItem(WorkerTelemetry.Tags.HttpStatusCode), 422));
        Assert.Equal("rejected", activity.GetTagItem(WorkerTelemetry.Tags.Outcome));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        var values = string.Join("|", activity.TagObjects.Select(t => t.Value?.ToString()));
        Assert.DoesNotContain(userId, values, StringComparison.Ordinal);
        Assert.DoesNotContain("value-secret", values, StringComparison.Ordinal);
    }
}
