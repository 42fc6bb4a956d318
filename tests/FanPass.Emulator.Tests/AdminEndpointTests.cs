using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FanPass.Emulator.Tests;

public sealed class AdminEndpointTests : EmulatorTestBase
{
    [Fact]
    public async Task PutFaults_ReplacesSettingsAndGetReturnsThem()
    {
        using var put = await Admin.PutAsync("faults", Json("""{"failNext":2,"retryAfterSeconds":3,"rejectUserIds":["x"]}"""));
        using var get = await Admin.GetAsync("faults");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var body = await ReadJsonAsync(get);
        Assert.Equal(2, (int?)body["failNext"]);
        Assert.Equal(3, (int?)body["retryAfterSeconds"]);
        Assert.Equal(503, (int?)body["errorStatus"]); // omitted fields keep their defaults
        Assert.Equal("x", (string?)body["rejectUserIds"]![0]);
        Assert.Equal(new FaultSettings { FailNext = 2, RetryAfterSeconds = 3 }.FailNext, State.Faults.FailNext);
        Assert.Equal(["x"], State.Faults.RejectUserIds);
    }

    [Fact]
    public async Task GetFaults_ShowsRemainingCountdown()
    {
        (await PutFaultsAsync(new FaultSettings { FailNext = 2 })).Dispose();
        (await PostUserAsync("u1", [])).Dispose();

        var body = await ReadJsonAsync(await Admin.GetAsync("faults"));

        Assert.Equal(1, (int?)body["failNext"]);
    }

    [Theory]
    [InlineData("""{"errorRate":2}""")]
    [InlineData("""{"errorStatus":200}""")]
    [InlineData("""{"latencyMs":-5}""")]
    [InlineData("""{"requestsPerSecond":-1}""")]
    [InlineData("""not json""")]
    public async Task PutFaults_InvalidSettings_Returns400AndKeepsCurrent(string json)
    {
        State.Faults = new FaultSettings { LatencyMs = 1 };

        using var response = await Admin.PutAsync("faults", Json(json));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(1, State.Faults.LatencyMs);
    }

    [Fact]
    public async Task DeleteFaults_ClearsThem()
    {
        State.Faults = new FaultSettings { Unauthorized = true };

        using var response = await Admin.DeleteAsync("faults");
        using var api = await PostUserAsync("u1", []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FaultSettings.None, State.Faults);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task PostReset_ClearsDataCountersRequestsAndFaults()
    {
        (await PostSegmentAsync("s", "a")).Dispose();
        (await PostUserAsync("u1", new JsonObject { ["custom.a"] = 1 })).Dispose();
        State.Faults = new FaultSettings { LatencyMs = 5 };

        using var response = await Admin.PostAsync("reset", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, State.SegmentCount);
        Assert.Equal(0, State.UserCount);
        Assert.Empty(State.RequestCounts);
        Assert.Empty(State.Requests);
        Assert.Equal(FaultSettings.None, State.Faults);
    }

    [Fact]
    public async Task GetStats_CountsRequestsIncludingFailedOnesAndAccepted()
    {
        (await PostSegmentAsync("s1", "a")).Dispose();
        (await PostSegmentAsync("", "a")).Dispose();
        (await PostUserAsync("u1", [])).Dispose();
        using (var anonymous = Emulator.CreateClient(authenticated: false))
        {
            (await anonymous.PostAsync("api/v1/users", Json("{}"))).Dispose();
        }

        var stats = await ReadJsonAsync(await Admin.GetAsync("stats"));

        Assert.Equal(2, (long?)stats["requestCounts"]!["POST /api/v1/segments"]);
        Assert.Equal(2, (long?)stats["requestCounts"]!["POST /api/v1/users"]);
        Assert.Equal(1, (long?)stats["acceptedCounts"]!["POST /api/v1/segments"]);
        Assert.Equal(1, (long?)stats["acceptedCounts"]!["POST /api/v1/users"]);
        Assert.Equal(1, (int?)stats["segmentCount"]);
        Assert.Equal(1, (int?)stats["userCount"]);
    }

    [Fact]
    public async Task GetSegments_ListsNamesAndCounts()
    {
        (await PostSegmentAsync("b", "1", "2")).Dispose();
        (await PostSegmentAsync("a", "1")).Dispose();

        var list = (await ReadJsonAsync(await Admin.GetAsync("segments"))).AsArray();

        Assert.Equal(["a", "b"], list.Select(s => (string?)s!["name"]));
        Assert.Equal([1, 2], list.Select(s => (int?)s!["userCount"]));
    }

    [Fact]
    public async Task GetRequests_RecordsFieldNamesCsvHeaderAndNeverTheToken()
    {
        (await PostSegmentAsync("inline", "a")).Dispose();
        using (var form = CsvContent.Form("upload", new CsvContent(["a", "b"])))
        {
            (await Client.PostAsync("api/v1/segments", form)).Dispose();
        }

        (await PostUserAsync("u1", new JsonObject { ["custom.a"] = 1 })).Dispose();

        using var response = await Admin.GetAsync("requests?take=10");
        var raw = await response.Content.ReadAsStringAsync();
        var requests = JsonNode.Parse(raw)!.AsArray();

        Assert.DoesNotContain(Token, raw, StringComparison.Ordinal);
        Assert.Equal(3, requests.Count);
        Assert.Equal(["name", "userIds"], requests[0]!["bodyFields"]!.AsArray().Select(f => (string?)f));
        Assert.Equal("inline", (string?)requests[0]!["kind"]);
        Assert.Equal("csv", (string?)requests[1]!["kind"]);
        Assert.Equal("userId", (string?)requests[1]!["csvHeader"]);
        Assert.Equal("upload", (string?)requests[1]!["segmentName"]);
        Assert.Equal(2, (int?)requests[1]!["itemCount"]);
        Assert.Equal(["userId", "userProperties"], requests[2]!["bodyFields"]!.AsArray().Select(f => (string?)f));
        Assert.All(requests, r => Assert.True((bool?)r!["hadAuthorization"]));
        Assert.All(requests, r => Assert.Equal(200, (int?)r!["statusCode"]));
    }

    [Fact]
    public async Task GetRequests_TakeReturnsMostRecent()
    {
        for (var i = 0; i < 5; i++)
        {
            (await PostUserAsync($"u{i}", [])).Dispose();
        }

        var requests = await Admin.GetFromJsonAsync<JsonArray>("requests?take=2");

        Assert.Equal(["u3", "u4"], requests!.Select(r => (string?)r!["userId"]));
    }

    [Fact]
    public async Task AdminPrefix_IsConfigurable()
    {
        await using var emulator = await EmulatorApp.StartAsync(configure: o => o.AdminPrefix = "/ops");
        using var admin = new HttpClient { BaseAddress = emulator.AdminAddress };

        using var stats = await admin.GetAsync("stats");
        using var old = await admin.GetAsync(new Uri(emulator.BaseAddress, "_admin/stats"));

        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }
}
