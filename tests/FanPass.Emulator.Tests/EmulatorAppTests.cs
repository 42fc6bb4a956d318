using Microsoft.Extensions.DependencyInjection;

namespace FanPass.Emulator.Tests;

public sealed class EmulatorAppTests
{
    [Fact]
    public async Task Build_BindsEmulatorSectionThenAppliesConfigure()
    {
        await using var app = EmulatorApp.Build(
            ["--Emulator:ApiToken=from-args", "--Emulator:AdminPrefix=/ops", "--Emulator:InitialFaults:LatencyMs=7"],
            o => o.MaxRecordedRequests = 5);

        var options = app.Services.GetRequiredService<EmulatorOptions>();
        var state = app.Services.GetRequiredService<EmulatorState>();

        Assert.Equal("from-args", options.ApiToken);
        Assert.Equal("/ops", options.AdminPrefix);
        Assert.Equal(5, options.MaxRecordedRequests);
        Assert.Equal(7, state.Faults.LatencyMs);
        Assert.Equal(503, state.Faults.ErrorStatus);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ops")]
    [InlineData("/ops/")]
    [InlineData("/api/admin")]
    public void Build_InvalidAdminPrefix_Throws(string prefix) =>
        Assert.Throws<InvalidOperationException>(() => EmulatorApp.Build([], o => o.AdminPrefix = prefix));

    [Fact]
    public void Build_EmptyToken_Throws() =>
        Assert.Throws<InvalidOperationException>(() => EmulatorApp.Build([], o => o.ApiToken = " "));

    [Fact]
    public async Task StartAsync_TwoInstances_GetDistinctPortsAndState()
    {
        await using var first = await EmulatorApp.StartAsync();
        await using var second = await EmulatorApp.StartAsync();

        Assert.NotEqual(first.BaseAddress, second.BaseAddress);
        Assert.NotSame(first.State, second.State);
    }
}
