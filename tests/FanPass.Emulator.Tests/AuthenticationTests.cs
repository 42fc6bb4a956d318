using System.Net;
using System.Net.Http.Headers;

namespace FanPass.Emulator.Tests;

public sealed class AuthenticationTests : EmulatorTestBase
{
    [Fact]
    public async Task PostSegments_WithoutToken_Returns401WithBearerChallenge()
    {
        using var anonymous = Emulator.CreateClient(authenticated: false);

        using var response = await anonymous.PostAsync("api/v1/segments", Json("""{"name":"s","userIds":["a"]}"""));

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(0, State.SegmentCount);
        Assert.False(Assert.Single(State.Requests).HadAuthorization);
    }

    [Theory]
    [InlineData("Bearer", "wrong-token")]
    [InlineData("Bearer", "test-token-5f1c2d9")]
    [InlineData("Bearer", "test-token-5f1c2d9e-extra")]
    [InlineData("Basic", "test-token-5f1c2d9e")]
    public async Task PostUsers_WithWrongCredentials_Returns401(string scheme, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/users")
        {
            Content = Json("""{"userId":"u1","userProperties":{}}"""),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        using var anonymous = Emulator.CreateClient(authenticated: false);

        using var response = await anonymous.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(0, State.UserCount);
        Assert.True(Assert.Single(State.Requests).HadAuthorization);
    }

    [Fact]
    public async Task Api_WithCorrectToken_IsAccepted()
    {
        using var response = await Client.PostAsync("api/v1/users", Json("""{"userId":"u1","userProperties":{}}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WrongToken_WithFaultsActive_Returns401AndDoesNotConsumeFailNext()
    {
        State.Faults = new FaultSettings { FailNext = 1 };
        using var anonymous = Emulator.CreateClient(authenticated: false);

        using var rejected = await anonymous.PostAsync("api/v1/users", Json("""{"userId":"u1","userProperties":{}}"""));
        using var failed = await Client.PostAsync("api/v1/users", Json("""{"userId":"u1","userProperties":{}}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
    }

    [Fact]
    public async Task HealthzAndAdmin_NeedNoToken()
    {
        using var anonymous = Emulator.CreateClient(authenticated: false);

        using var health = await anonymous.GetAsync("healthz");
        using var stats = await Admin.GetAsync("stats");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Empty(State.Requests); // only /api/* is recorded
    }

    [Fact]
    public async Task DefaultToken_IsDevToken()
    {
        await using var emulator = await EmulatorApp.StartAsync();
        using var client = emulator.CreateClient();

        using var response = await client.PostAsync("api/v1/users", Json("""{"userId":"u1","userProperties":{}}"""));

        Assert.Equal("dev-token", emulator.ApiToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("127.0.0.1", emulator.BaseAddress.Host);
    }
}
