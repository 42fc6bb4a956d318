using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace FanPass.Emulator.Tests;

/// <summary>Starts a fresh emulator on a free loopback port for every test.</summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    protected const string Token = "test-token-5f1c2d9e";

    protected RunningEmulator Emulator { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    protected HttpClient Admin { get; private set; } = null!;

    protected EmulatorState State => Emulator.State;

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorApp.StartAsync(0, ConfigureOptions);
        Client = Emulator.CreateClient();
        Admin = new HttpClient { BaseAddress = Emulator.AdminAddress };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        Admin.Dispose();
        await Emulator.DisposeAsync();
    }

    protected virtual void ConfigureOptions(EmulatorOptions options) => options.ApiToken = Token;

    protected Task<HttpResponseMessage> PostSegmentAsync(string name, params string[] userIds) =>
        Client.PostAsync("api/v1/segments", Json(new JsonObject { ["name"] = name, ["userIds"] = new JsonArray(userIds.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()) }));

    protected Task<HttpResponseMessage> PostUserAsync(string userId, JsonObject properties) =>
        Client.PostAsync("api/v1/users", Json(new JsonObject { ["userId"] = userId, ["userProperties"] = properties }));

    protected static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    protected static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    protected static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("null JSON body");

    protected static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await ReadJsonAsync(response);
        Assert.Equal(error, (string?)body["error"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["message"]));
        if (field is not null)
        {
            Assert.Equal(field, (string?)body["field"]);
        }
    }

    protected Task<HttpResponseMessage> PutFaultsAsync(FaultSettings faults) => Admin.PutAsJsonAsync("faults", faults);
}
