using System.Text.Json.Nodes;
using FanPass.Contracts;
using FanPass.Emulator;
using FanPass.Worker.FanPassApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FanPass.Worker.Tests.Contract;

/// <summary>
/// The real client against the real emulator on a loopback port: pins the wire format of DESIGN section 2's
/// assumptions (paths, JSON field names, CSV header and parts, auth header) and the classification of answers.
/// </summary>
public sealed class FanPassContractTests : IAsyncLifetime
{
    private RunningEmulator _emulator = null!;
    private ServiceProvider _services = null!;

    private IFanPassClient Client => _services.GetRequiredService<IFanPassClient>();

    private EmulatorState State => _emulator.State;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorApp.StartAsync(0, o => o.ApiToken = "contract-token-" + Guid.NewGuid().ToString("N"));
        _services = CreateServices(_emulator.ApiToken);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task ImportSegment_500Ids_GoesInlineAsNameAndUserIds()
    {
        var ids = Enumerable.Range(0, 500).Select(i => $"u{i}").ToList();

        var result = await Client.ImportSegmentAsync("inline-500", ids, CancellationToken.None);

        Assert.Equal(FanPassCallOutcome.Success, result.Outcome);
        Assert.Equal(SegmentImportMethods.Inline, result.Method);
        Assert.Equal(1, result.Attempts);
        var request = Assert.Single(State.Requests);
        Assert.Equal(("POST", "/api/v1/segments", "inline"), (request.Method, request.Path, request.Kind));
        Assert.Equal(["name", "userIds"], request.BodyFields);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.True(request.HadAuthorization);
        Assert.Equal(500, State.GetSegment("inline-500")?.Count);
    }

    [Fact]
    public async Task ImportSegment_60000Ids_GoesAsStreamedCsvWithUserIdHeader()
    {
        var ids = Enumerable.Range(0, 60_000).Select(i => $"user-{i:D6}").ToList();

        var result = await Client.ImportSegmentAsync("csv-60000", ids, CancellationToken.None);

        Assert.Equal(FanPassCallOutcome.Success, result.Outcome);
        Assert.Equal(SegmentImportMethods.Csv, result.Method);
        var request = Assert.Single(State.Requests);
        Assert.Equal(("POST", "/api/v1/segments", "csv"), (request.Method, request.Path, request.Kind));
        Assert.StartsWith("multipart/form-data", request.ContentType, StringComparison.Ordinal);
        Assert.Equal("userId", request.CsvHeader);
        Assert.Contains("name", request.BodyFields);
        Assert.Contains("file", request.BodyFields);
        var stored = State.GetSegment("csv-60000");
        Assert.NotNull(stored);
        Assert.Equal(ids.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ImportSegment_AtThreshold_GoesInline_AboveGoesCsv()
    {
        await using var services = CreateServices(_emulator.ApiToken, ("FanPass:Segments:CsvUploadThreshold", "3"));
        var client = services.GetRequiredService<IFanPassClient>();

        var atThreshold = await client.ImportSegmentAsync("three", ["a", "b", "c"], CancellationToken.None);
        var above = await client.ImportSegmentAsync("four", ["a", "b", "c", "d"], CancellationToken.None);

        Assert.Equal(SegmentImportMethods.Inline, atThreshold.Method);
        Assert.Equal(SegmentImportMethods.Csv, above.Method);
        Assert.Equal(4, State.GetSegment("four")?.Count);
    }

    [Fact]
    public async Task UpdateUserAttributes_SendsUserIdAndUserProperties_ValuesRoundTrip()
    {
        var properties = new Dictionary<string, JsonNode?>
        {
            ["custom.loyalty_tier"] = "gold",
            ["user_properties.ticketing_plans"] = new JsonArray("season", "vip"),
            ["custom.visits"] = 12,
            ["custom.opted_in"] = true,
            ["custom.note"] = null,
        };

        var result = await Client.UpdateUserAttributesAsync("fan-1", properties, CancellationToken.None);

        Assert.Equal(FanPassCallOutcome.Success, result.Outcome);
        var request = Assert.Single(State.Requests);
        Assert.Equal(("POST", "/api/v1/users", "user"), (request.Method, request.Path, request.Kind));
        Assert.Equal(["userId", "userProperties"], request.BodyFields);
        var stored = State.GetUser("fan-1");
        Assert.NotNull(stored);
        Assert.Equal("""{"custom.loyalty_tier":"gold","user_properties.ticketing_plans":["season","vip"],"custom.visits":12,"custom.opted_in":true,"custom.note":null}""",
            new JsonObject(stored.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString());
    }

    [Fact]
    public async Task AnyCall_WrongToken_IsUnauthorizedWithoutRetry()
    {
        await using var services = CreateServices("not-the-token");
        var client = services.GetRequiredService<IFanPassClient>();

        var result = await client.UpdateUserAttributesAsync("fan-1", new Dictionary<string, JsonNode?> { ["custom.a"] = 1 }, CancellationToken.None);

        Assert.Equal(FanPassCallOutcome.Unauthorized, result.Outcome);
        Assert.Equal(401, result.HttpStatus);
        Assert.Equal(1, result.Attempts);
        Assert.Single(State.Requests);
        Assert.DoesNotContain("not-the-token", result.Reason ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateUserAttributes_422_IsRejectedWithoutRetry()
    {
        State.Faults = new FaultSettings { RejectUserIds = ["refused"] };

        var result = await Client.UpdateUserAttributesAsync("refused", new Dictionary<string, JsonNode?> { ["custom.a"] = 1 }, CancellationToken.None);

        Assert.Equal(FanPassCallOutcome.Rejected, result.Outcome);
        Assert.Equal(422, result.HttpStatus);
        Assert.Equal(1, result.Attempts);
        Assert.Single(State.Requests);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    [Fact]
    public async Task UpdateUserAttributes_BadKey_400_IsRejected()
    {
        var result = await Client.UpdateUserAttributesAsync("fan-1", new Dictionary<string, JsonNode?> { ["tier"] = "gold" }, CancellationToken.None);

        Assert.Equal(FanPassCallOutcome.Rejected, result.Outcome);
        Assert.Equal(400, result.HttpStatus);
    }

    [Fact]
    public async Task ImportSegment_503Twice_IsRetriedAndSucceeds()
    {
        State.Faults = new FaultSettings { FailNext = 2, ErrorStatus = 503 };

        var result = await Client.ImportSegmentAsync("retried", ["a"], CancellationToken.None);

        Assert.Equal(FanPassCallOutcome.Success, result.Outcome);
        Assert.Equal(3, result.Attempts);
        Assert.Equal([503, 503, 200], State.Requests.Select(r => r.StatusCode));
    }

    private ServiceProvider CreateServices(string token, params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["FanPass:BaseUrl"] = _emulator.BaseAddress.ToString(),
            ["FanPass:ApiToken"] = token,
            ["FanPass:Resilience:BaseDelay"] = "00:00:00.010",
            ["FanPass:Resilience:MaxDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return CreateServicesCore(settings);
    }

    private static ServiceProvider CreateServicesCore(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFanPassClient(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
