using System.Net;
using System.Text.Json.Nodes;

namespace FanPass.Emulator.Tests;

public sealed class UserEndpointTests : EmulatorTestBase
{
    [Fact]
    public async Task PostUsers_ValidProperties_StoresThemAndAnswersUpdatedCount()
    {
        using var response = await PostUserAsync("u1", new JsonObject
        {
            ["user_properties.ticketing_plans"] = new JsonArray("season", "family"),
            ["custom.loyalty_tier"] = "gold",
            ["custom.points"] = 120,
            ["custom.vip"] = true,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("u1", (string?)body["userId"]);
        Assert.Equal(4, (int?)body["updated"]);
        var user = State.GetUser("u1")!;
        Assert.Equal("gold", (string?)user["custom.loyalty_tier"]);
        Assert.Equal(120, (int?)user["custom.points"]);
        Assert.True((bool?)user["custom.vip"]);
        Assert.Equal("[\"season\",\"family\"]", user["user_properties.ticketing_plans"]!.ToJsonString());
        Assert.Equal(1, State.UserCount);
    }

    [Fact]
    public async Task PostUsers_SecondUpdate_MergesAndNullSetsNull()
    {
        (await PostUserAsync("u1", new JsonObject { ["custom.a"] = "1", ["custom.b"] = "2" })).Dispose();

        using var response = await PostUserAsync("u1", new JsonObject { ["custom.b"] = null, ["custom.c"] = "3" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (int?)(await ReadJsonAsync(response))["updated"]);
        var user = State.GetUser("u1")!;
        Assert.Equal(3, user.Count);
        Assert.Equal("1", (string?)user["custom.a"]);
        Assert.True(user.ContainsKey("custom.b"));
        Assert.Null(user["custom.b"]);
        Assert.Equal("3", (string?)user["custom.c"]);
    }

    [Fact]
    public async Task PostUsers_EmptyProperties_Returns200WithZeroUpdated()
    {
        using var response = await PostUserAsync("u1", []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (int?)(await ReadJsonAsync(response))["updated"]);
    }

    [Theory]
    [InlineData("loyalty_tier")]
    [InlineData("custom")]
    [InlineData("custom.")]
    [InlineData("custom. ")]
    [InlineData("user_properties.")]
    [InlineData("Custom.tier")]
    [InlineData("userProperties.tier")]
    public async Task PostUsers_BadKey_Returns400WithField(string key)
    {
        using var response = await PostUserAsync("u1", new JsonObject { ["custom.ok"] = "x", [key] = "v" });

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_property", $"userProperties.{key}");
        Assert.Null(State.GetUser("u1")); // nothing applied when one property is invalid
    }

    [Theory]
    [InlineData("""{"nested":1}""")]
    [InlineData("""[{"nested":1}]""")]
    [InlineData("""[[1]]""")]
    public async Task PostUsers_ObjectOrNestedValue_Returns400WithField(string value)
    {
        using var response = await Client.PostAsync("api/v1/users", Json("""{"userId":"u1","userProperties":{"custom.bad":""" + value + "}}"));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_property", "userProperties.custom.bad");
    }

    [Theory]
    [InlineData("""{"userProperties":{}}""", "userId")]
    [InlineData("""{"userId":"","userProperties":{}}""", "userId")]
    [InlineData("""{"userId":5,"userProperties":{}}""", "userId")]
    [InlineData("""{"userId":"u1"}""", "userProperties")]
    [InlineData("""{"userId":"u1","userProperties":[]}""", "userProperties")]
    public async Task PostUsers_MissingOrInvalidFields_Returns400WithField(string json, string field)
    {
        using var response = await Client.PostAsync("api/v1/users", Json(json));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", field);
    }

    [Fact]
    public async Task PostUsers_RecordsKindUserIdAndFieldNames()
    {
        (await PostUserAsync("u9", new JsonObject { ["custom.a"] = 1 })).Dispose();

        var recorded = Assert.Single(State.Requests);
        Assert.Equal("user", recorded.Kind);
        Assert.Equal("u9", recorded.UserId);
        Assert.Equal(1, recorded.ItemCount);
        Assert.Equal(["userId", "userProperties"], recorded.BodyFields);
        Assert.Equal(200, recorded.StatusCode);
    }

    [Fact]
    public async Task GetUser_Admin_ReturnsPropertiesAndUnknownIs404()
    {
        (await PostUserAsync("u1", new JsonObject { ["custom.tier"] = "gold" })).Dispose();

        using var found = await Admin.GetAsync("users/u1");
        using var missing = await Admin.GetAsync("users/nobody");

        var body = await ReadJsonAsync(found);
        Assert.Equal("u1", (string?)body["userId"]);
        Assert.Equal("gold", (string?)body["userProperties"]!["custom.tier"]);
        await AssertErrorAsync(missing, HttpStatusCode.NotFound, "not_found");
    }
}
