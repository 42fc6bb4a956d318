using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace FanPass.Emulator.Tests;

public sealed class FaultInjectionTests : EmulatorTestBase
{
    private Task<HttpResponseMessage> PostAnyUserAsync(string userId = "u1") =>
        PostUserAsync(userId, new JsonObject { ["custom.tier"] = "gold" });

    [Fact]
    public async Task Latency_DelaysEveryApiRequestByAtLeastTheSetting()
    {
        State.Faults = new FaultSettings { LatencyMs = 300 };

        var stopwatch = Stopwatch.StartNew();
        using var response = await PostAnyUserAsync();
        stopwatch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(290), $"took {stopwatch.Elapsed.TotalMilliseconds} ms");
        Assert.True(Assert.Single(State.Requests).DurationMs >= 290);
    }

    [Fact]
    public async Task FailNext_FailsExactlyNRequestsWithErrorStatusAndRetryAfter()
    {
        State.Faults = new FaultSettings { FailNext = 3, ErrorStatus = 429, RetryAfterSeconds = 7 };

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            responses.Add(await PostAnyUserAsync());
        }

        foreach (var failed in responses.Take(3))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, failed.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), failed.Headers.RetryAfter?.Delta);
            await AssertErrorAsync(failed, HttpStatusCode.TooManyRequests, "injected_fault");
        }

        Assert.All(responses.Skip(3), ok => Assert.Equal(HttpStatusCode.OK, ok.StatusCode));
        Assert.Equal(0, State.Faults.FailNext);
        Assert.Equal(5, State.RequestCounts["POST /api/v1/users"]);
        Assert.Equal(2, State.AcceptedCount("POST /api/v1/users"));
        Assert.Equal(3, State.Requests.Count(r => r.Fault == "error"));
        responses.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task FailNext_WithoutRetryAfterSetting_OmitsHeader()
    {
        State.Faults = new FaultSettings { FailNext = 1, ErrorStatus = 500 };

        using var response = await PostAnyUserAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task FailNext_UnderConcurrency_FailsExactlyN()
    {
        State.Faults = new FaultSettings { FailNext = 20 };

        var statuses = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            using var response = await PostAnyUserAsync($"u{i}");
            return response.StatusCode;
        }));

        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.ServiceUnavailable));
        Assert.Equal(40, statuses.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task ErrorRateOne_FailsEveryRequest()
    {
        State.Faults = new FaultSettings { ErrorRate = 1.0, ErrorStatus = 502 };

        for (var i = 0; i < 20; i++)
        {
            using var response = await PostAnyUserAsync();
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }

        Assert.Equal(0, State.UserCount);
    }

    [Fact]
    public async Task ErrorRateZero_FailsNoRequest()
    {
        State.Faults = new FaultSettings { ErrorRate = 0.0, LatencyMs = 1 };

        for (var i = 0; i < 20; i++)
        {
            using var response = await PostAnyUserAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task ErrorRateThirtyPercent_FailsRoughlyThatShare()
    {
        State.Faults = new FaultSettings { ErrorRate = 0.3 };

        var failures = 0;
        for (var i = 0; i < 400; i++)
        {
            using var response = await PostAnyUserAsync();
            failures += response.StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
        }

        Assert.InRange(failures, 70, 170); // expected 120; the bound is loose on purpose
    }

    [Fact]
    public async Task TimeoutNext_ClientWithShortTimeoutTimesOutThenNextRequestSucceeds()
    {
        State.Faults = new FaultSettings { TimeoutNext = 1 };
        using var impatient = Emulator.CreateClient();
        impatient.Timeout = TimeSpan.FromMilliseconds(500);

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.PostAsync("api/v1/users", Json("""{"userId":"u1","userProperties":{}}""")));
        using var next = await PostAnyUserAsync();

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var timedOut = await WaitForAsync(() => State.Requests.FirstOrDefault(r => r.Fault == "timeout"));
        Assert.Equal(499, timedOut.StatusCode);
    }

    [Fact]
    public async Task TimeoutRateOne_NeverAnswers()
    {
        State.Faults = new FaultSettings { TimeoutRate = 1.0 };
        using var impatient = Emulator.CreateClient();
        impatient.Timeout = TimeSpan.FromMilliseconds(300);

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.PostAsync("api/v1/users", Json("""{"userId":"u1","userProperties":{}}""")));
        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.PostAsync("api/v1/users", Json("""{"userId":"u2","userProperties":{}}""")));

        Assert.Equal(0, State.UserCount);
    }

    [Fact]
    public async Task Unauthorized_SwitchesEveryRequestTo401UntilCleared()
    {
        State.Faults = new FaultSettings { Unauthorized = true };

        using var revoked = await PostAnyUserAsync();
        State.Faults = FaultSettings.None;
        using var restored = await PostAnyUserAsync();

        await AssertErrorAsync(revoked, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", Assert.Single(revoked.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
    }

    [Fact]
    public async Task Unauthorized_TakesPrecedenceOverOtherFaults()
    {
        State.Faults = new FaultSettings { Unauthorized = true, FailNext = 1, LatencyMs = 5000 };

        using var response = await PostAnyUserAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, State.Faults.FailNext);
    }

    [Fact]
    public async Task RequestsPerSecond_WhenExceeded_Returns429WithRetryAfterOne()
    {
        State.Faults = new FaultSettings { RequestsPerSecond = 5 };

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 20; i++)
        {
            responses.Add(await PostAnyUserAsync());
        }

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter?.Delta));
        await AssertErrorAsync(limited[0], HttpStatusCode.TooManyRequests, "rate_limited");
        var accepted = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.InRange(accepted, 5, 10); // one or (if a window boundary passed) two windows
        Assert.Equal(20, accepted + limited.Count);
        responses.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task RejectUserIds_Returns422ForListedIdsWhileOthersSucceed()
    {
        State.Faults = new FaultSettings { RejectUserIds = ["bad-1", "bad-2"] };

        using var rejected = await PostAnyUserAsync("bad-1");
        using var accepted = await PostAnyUserAsync("good");

        await AssertErrorAsync(rejected, HttpStatusCode.UnprocessableEntity, "user_rejected", "userId");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Null(State.GetUser("bad-1"));
        Assert.NotNull(State.GetUser("good"));
    }

    [Fact]
    public async Task RejectSegmentNames_Returns422ForInlineAndCsvWhileOthersSucceed()
    {
        State.Faults = new FaultSettings { RejectSegmentNames = ["blocked"] };

        using var inline = await PostSegmentAsync("blocked", "u1");
        using var form = CsvContent.Form("blocked", new CsvContent(["u1"]));
        using var csv = await Client.PostAsync("api/v1/segments", form);
        using var accepted = await PostSegmentAsync("open", "u1");

        await AssertErrorAsync(inline, HttpStatusCode.UnprocessableEntity, "segment_rejected", "name");
        await AssertErrorAsync(csv, HttpStatusCode.UnprocessableEntity, "segment_rejected", "name");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Null(State.GetSegment("blocked"));
        Assert.Equal(1, State.SegmentCount);
    }

    [Fact]
    public async Task Faults_DoNotApplyToAdminOrHealth()
    {
        State.Faults = new FaultSettings { ErrorRate = 1.0, Unauthorized = true };

        using var health = await Client.GetAsync("healthz");
        using var stats = await Admin.GetAsync("stats");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class
    {
        // The server notices the client's abort asynchronously; poll briefly for the record.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("condition not met within 10 s");
    }
}
