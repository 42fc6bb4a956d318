using System.Net;
using System.Text.Json.Nodes;
using FanPass.Worker.FanPassApi;

namespace FanPass.Worker.Tests.FanPassApi;

public sealed class FanPassClientTests
{
    private static readonly string[] ThreeUsers = ["u1", "u2", "u3"];

    private static FanPassClientTestHost CreateSut(StubHttpMessageHandler stub, Dictionary<string, string?>? settings = null) =>
        FanPassClientTestHost.Create(stub, settings);

    [Fact]
    public async Task ImportSegmentAsync_Ok_SuccessWithBearerTokenAndOneAttempt()
    {
        using var sut = CreateSut(StubHttpMessageHandler.Always(HttpStatusCode.OK));

        var result = await sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);

        Assert.Equal(FanPassCallOutcome.Success, result.Outcome);
        Assert.Equal(200, result.HttpStatus);
        Assert.Equal(1, result.Attempts);
        Assert.Equal("inline", result.Method);
        var request = Assert.Single(sut.Stub.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://fanpass.test/api/v1/segments", request.Uri?.ToString());
        Assert.Equal($"Bearer {FanPassClientTestHost.Token}", request.Authorization);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportSegmentAsync_AboveThreshold_UploadsCsvMultipart()
    {
        using var sut = CreateSut(StubHttpMessageHandler.Always(HttpStatusCode.OK), new() { ["FanPass:Segments:CsvUploadThreshold"] = "2" });

        var result = await sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);

        Assert.Equal(FanPassCallOutcome.Success, result.Outcome);
        Assert.Equal("csv", result.Method);
        var request = Assert.Single(sut.Stub.Requests);
        Assert.StartsWith("multipart/form-data", request.ContentType, StringComparison.Ordinal);
        Assert.Contains("name=name", request.Body, StringComparison.Ordinal);
        Assert.Contains("name=file; filename=segment.csv", request.Body, StringComparison.Ordinal);
        Assert.Contains("text/csv", request.Body, StringComparison.Ordinal);
        Assert.Contains("userId\nu1\nu2\nu3\n", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateUserAttributesAsync_Ok_PostsToUsersEndpoint()
    {
        using var sut = CreateSut(StubHttpMessageHandler.Always(HttpStatusCode.NoContent));
        var properties = new Dictionary<string, JsonNode?> { ["custom.loyalty_tier"] = "gold" };

        var result = await sut.Client.UpdateUserAttributesAsync("user-1", properties, CancellationToken.None);

        Assert.Equal(FanPassCallOutcome.Success, result.Outcome);
        Assert.Null(result.Method);
        var request = Assert.Single(sut.Stub.Requests);
        Assert.Equal("http://fanpass.test/api/v1/users", request.Uri?.ToString());
        Assert.Equal("""{"userId":"user-1","userProperties":{"custom.loyalty_tier":"gold"}}""", request.Body);
    }

    [Fact]
    public async Task ImportSegmentAsync_503Always_RetriesMaxRetryAttemptsThenTransientExhausted()
    {
        using var sut = CreateSut(StubHttpMessageHandler.Always(HttpStatusCode.ServiceUnavailable), new() { ["FanPass:Resilience:MaxRetryAttempts"] = "3" });

        var call = sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);
        var result = await sut.Time.AdvanceUntilCompleteAsync(call, TimeSpan.FromMilliseconds(250));

        Assert.Equal(FanPassCallOutcome.TransientExhausted, result.Outcome);
        Assert.Equal(503, result.HttpStatus);
        Assert.Equal(4, result.Attempts);
        Assert.Equal(4, sut.Stub.Count);
    }

    [Fact]
    public async Task ImportSegmentAsync_503ThenOk_SuccessWithTwoAttempts()
    {
        using var sut = CreateSut(StubHttpMessageHandler.Sequence(
            () => StubHttpMessageHandler.Response(HttpStatusCode.ServiceUnavailable),
            () => StubHttpMessageHandler.Response(HttpStatusCode.OK)));

        var call = sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);
        var result = await sut.Time.AdvanceUntilCompleteAsync(call, TimeSpan.FromMilliseconds(250));

        Assert.Equal(FanPassCallOutcome.Success, result.Outcome);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task ImportSegmentAsync_429WithRetryAfterSeconds_WaitsExactlyThatLong()
    {
        using var sut = CreateSut(StubHttpMessageHandler.Sequence(
            () => StubHttpMessageHandler.RetryAfter(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(2)),
            () => StubHttpMessageHandler.Response(HttpStatusCode.OK)));

        var call = sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);
        await sut.Time.WaitForTimerAsync(TimeSpan.FromSeconds(2));

        sut.Time.Advance(TimeSpan.FromMilliseconds(1900));
        await Eventually.SettleAsync();
        Assert.Equal(1, sut.Stub.Count);

        sut.Time.Advance(TimeSpan.FromMilliseconds(100));
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, sut.Stub.Count);
        Assert.Equal(FanPassCallOutcome.Success, result.Outcome);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(2), result.RetryAfter);
    }

    [Fact]
    public async Task ImportSegmentAsync_503WithRetryAfterHttpDate_WaitsUntilThatDateOnTheInjectedClock()
    {
        FanPassClientTestHost? host = null;
        var stub = new StubHttpMessageHandler((n, _) => Task.FromResult(n == 1
            ? StubHttpMessageHandler.RetryAfter(HttpStatusCode.ServiceUnavailable, host!.Time.GetUtcNow().AddSeconds(5))
            : StubHttpMessageHandler.Response(HttpStatusCode.OK)));
        using var sut = host = CreateSut(stub);

        var call = sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);
        await sut.Time.WaitForTimerAsync(TimeSpan.FromSeconds(5));

        sut.Time.Advance(TimeSpan.FromMilliseconds(4900));
        await Eventually.SettleAsync();
        Assert.Equal(1, sut.Stub.Count);

        sut.Time.Advance(TimeSpan.FromMilliseconds(100));
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(FanPassCallOutcome.Success, result.Outcome);
        Assert.Equal(2, sut.Stub.Count);
    }

    [Fact]
    public async Task ImportSegmentAsync_RetryAfterAboveMaxDelay_HonouredNotCappedByBackoffCap()
    {
        using var sut = CreateSut(StubHttpMessageHandler.Sequence(
            () => StubHttpMessageHandler.RetryAfter(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(45)),
            () => StubHttpMessageHandler.Response(HttpStatusCode.OK)));

        var call = sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);
        await sut.Time.WaitForTimerAsync(TimeSpan.FromSeconds(45));
        sut.Time.Advance(TimeSpan.FromSeconds(44));
        await Eventually.SettleAsync();
        Assert.Equal(1, sut.Stub.Count);

        sut.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(FanPassCallOutcome.Success, result.Outcome);
        Assert.Equal(2, sut.Stub.Count);
    }

    [Fact]
    public async Task ImportSegmentAsync_RetryAfterAboveMaxRetryAfter_EndsWithoutSleeping()
    {
        using var slow = CreateSut(new StubHttpMessageHandler((_, _) =>
            Task.FromResult(StubHttpMessageHandler.RetryAfter(HttpStatusCode.TooManyRequests, TimeSpan.FromMinutes(5)))));

        var result = await slow.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);

        Assert.Equal(FanPassCallOutcome.TransientExhausted, result.Outcome);
        Assert.Equal(429, result.HttpStatus);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(TimeSpan.FromMinutes(5), result.RetryAfter);
        Assert.Contains("FanPass:Resilience:MaxRetryAfter", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task ImportSegmentAsync_401Or403_UnauthorizedWithExactlyOneRequest(HttpStatusCode status)
    {
        using var sut = CreateSut(StubHttpMessageHandler.Always(status));

        var result = await sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);

        Assert.Equal(FanPassCallOutcome.Unauthorized, result.Outcome);
        Assert.Equal((int)status, result.HttpStatus);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, sut.Stub.Count);
        Assert.DoesNotContain(FanPassClientTestHost.Token, result.Reason ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateUserAttributesAsync_422_RejectedWithReasonFromBody()
    {
        using var sut = CreateSut(new StubHttpMessageHandler((_, _) => Task.FromResult(StubHttpMessageHandler.Response(
            HttpStatusCode.UnprocessableEntity,
            """{"error":"unknown_attribute","message":"attribute is not registered","field":"custom.shoe_size","value":"secret-value-44"}"""))));
        var properties = new Dictionary<string, JsonNode?> { ["custom.shoe_size"] = "secret-value-44" };

        var result = await sut.Client.UpdateUserAttributesAsync("user-1", properties, CancellationToken.None);

        Assert.Equal(FanPassCallOutcome.Rejected, result.Outcome);
        Assert.Equal(422, result.HttpStatus);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, sut.Stub.Count);
        Assert.Equal("HTTP 422: unknown_attribute: attribute is not registered (field custom.shoe_size)", result.Reason);
        Assert.DoesNotContain("secret-value-44", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge)]
    [InlineData(HttpStatusCode.Gone)]
    public async Task ImportSegmentAsync_4xxRejection_RejectedWithOneRequest(HttpStatusCode status)
    {
        using var sut = CreateSut(StubHttpMessageHandler.Always(status));

        var result = await sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);

        Assert.Equal(FanPassCallOutcome.Rejected, result.Outcome);
        Assert.Equal((int)status, result.HttpStatus);
        Assert.Equal($"HTTP {(int)status}", result.Reason);
        Assert.Equal(1, sut.Stub.Count);
    }

    [Fact]
    public async Task ImportSegmentAsync_SustainedFailures_BreakerOpensThenHalfOpensAndCloses()
    {
        var stub = new StubHttpMessageHandler((n, _) => Task.FromResult(StubHttpMessageHandler.Response(n <= 2 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK)));
        using var sut = CreateSut(stub, new()
        {
            ["FanPass:Resilience:MaxRetryAttempts"] = "0",
            ["FanPass:Resilience:CircuitBreaker:MinimumThroughput"] = "2",
            ["FanPass:Resilience:CircuitBreaker:FailureRatio"] = "0.5",
            ["FanPass:Resilience:CircuitBreaker:BreakDuration"] = "00:00:15",
        });

        Assert.Equal(FanPassCallOutcome.TransientExhausted, (await sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None)).Outcome);
        Assert.Equal(FanPassCallOutcome.TransientExhausted, (await sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None)).Outcome);

        var open = await sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);
        Assert.Equal(FanPassCallOutcome.CircuitOpen, open.Outcome);
        Assert.Equal(0, open.Attempts);
        Assert.Equal(2, stub.Count);

        sut.Time.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal(FanPassCallOutcome.CircuitOpen, (await sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None)).Outcome);
        Assert.Equal(2, stub.Count);

        sut.Time.Advance(TimeSpan.FromSeconds(1));
        var probe = await sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);
        Assert.Equal(FanPassCallOutcome.Success, probe.Outcome);
        Assert.Equal(1, probe.Attempts);

        var closed = await sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);
        Assert.Equal(FanPassCallOutcome.Success, closed.Outcome);
        Assert.Equal(4, stub.Count);
    }

    [Fact]
    public async Task ImportSegmentAsync_RejectionsAnd401_DoNotOpenTheBreaker()
    {
        var stub = new StubHttpMessageHandler((n, _) => Task.FromResult(StubHttpMessageHandler.Response(n % 2 == 0 ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.Unauthorized)));
        using var sut = CreateSut(stub, new() { ["FanPass:Resilience:CircuitBreaker:MinimumThroughput"] = "2" });

        for (var i = 0; i < 6; i++)
        {
            var result = await sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);
            Assert.NotEqual(FanPassCallOutcome.CircuitOpen, result.Outcome);
        }

        Assert.Equal(6, stub.Count);
    }

    [Fact]
    public async Task ImportSegmentAsync_FanPassHangs_TotalTimeoutEndsCallAsTransientExhausted()
    {
        using var sut = CreateSut(new StubHttpMessageHandler((_, ct) => StubHttpMessageHandler.HangAsync(ct)), new()
        {
            ["FanPass:Resilience:AttemptTimeout"] = "00:00:02",
            ["FanPass:Resilience:TotalTimeout"] = "00:00:05",
            ["FanPass:Resilience:MaxRetryAttempts"] = "10",
        });

        var call = sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);
        var result = await sut.Time.AdvanceUntilCompleteAsync(call, TimeSpan.FromMilliseconds(250));

        Assert.Equal(FanPassCallOutcome.TransientExhausted, result.Outcome);
        Assert.Null(result.HttpStatus);
        Assert.Equal("timeout", result.Reason);
        Assert.InRange(result.Attempts, 1, 3);
        Assert.True(sut.Time.GetUtcNow() - sut.Time.Start >= TimeSpan.FromSeconds(5), "ended by the 5 s total timeout");
    }

    [Fact]
    public async Task ImportSegmentAsync_FirstAttemptHangs_AttemptTimeoutTriggersRetry()
    {
        var stub = new StubHttpMessageHandler((n, ct) => n == 1 ? StubHttpMessageHandler.HangAsync(ct) : Task.FromResult(StubHttpMessageHandler.Response(HttpStatusCode.OK)));
        using var sut = CreateSut(stub);

        var call = sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);
        await Eventually.WaitUntilAsync(() => stub.Count == 1, "the first attempt");
        await sut.Time.WaitForTimerAsync(TimeSpan.FromSeconds(10));

        sut.Time.Advance(TimeSpan.FromSeconds(10));
        var result = await sut.Time.AdvanceUntilCompleteAsync(call, TimeSpan.FromMilliseconds(100));

        Assert.Equal(FanPassCallOutcome.Success, result.Outcome);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task ImportSegmentAsync_CsvUploadSlowerThanAttemptTimeout_GetsTheUploadTimeoutAndSucceeds()
    {
        // A large upload takes 15 s: longer than the 10 s attempt timeout of JSON calls, within the upload timeout.
        TimeProvider clock = TimeProvider.System;
        var stub = new StubHttpMessageHandler(async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(15), clock, ct);
            return StubHttpMessageHandler.Response(HttpStatusCode.OK);
        });
        using var sut = CreateSut(stub, new() { ["FanPass:Segments:CsvUploadThreshold"] = "2", ["FanPass:Resilience:UploadAttemptTimeout"] = "00:01:00" });
        clock = sut.Time;

        var call = sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);
        var result = await sut.Time.AdvanceUntilCompleteAsync(call, TimeSpan.FromMilliseconds(500));

        Assert.Equal(FanPassCallOutcome.Success, result.Outcome);
        Assert.Equal("csv", result.Method);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task ImportSegmentAsync_CallerCancels_ThrowsOperationCanceled()
    {
        var stub = new StubHttpMessageHandler((_, ct) => StubHttpMessageHandler.HangAsync(ct));
        using var sut = CreateSut(stub);
        using var cts = new CancellationTokenSource();

        var call = sut.Client.ImportSegmentAsync("vip", ThreeUsers, cts.Token);
        await Eventually.WaitUntilAsync(() => stub.Count == 1, "the first attempt");
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task ImportSegmentAsync_ConnectionError_RetriedThenTransientExhausted()
    {
        var stub = new StubHttpMessageHandler((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused"));
        using var sut = CreateSut(stub, new() { ["FanPass:Resilience:MaxRetryAttempts"] = "2" });

        var call = sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);
        var result = await sut.Time.AdvanceUntilCompleteAsync(call, TimeSpan.FromMilliseconds(250));

        Assert.Equal(FanPassCallOutcome.TransientExhausted, result.Outcome);
        Assert.Equal(3, result.Attempts);
        Assert.Equal("connection error (ConnectionError)", result.Reason);
    }

    [Fact]
    public async Task ImportSegmentAsync_429_ShrinksConcurrencyLimit()
    {
        using var sut = CreateSut(
            StubHttpMessageHandler.Sequence(
                () => StubHttpMessageHandler.RetryAfter(HttpStatusCode.TooManyRequests, TimeSpan.Zero),
                () => StubHttpMessageHandler.Response(HttpStatusCode.OK)),
            new() { ["FanPass:Concurrency:Initial"] = "8" });
        var concurrency = sut.Provider.GetService(typeof(IFanPassConcurrency)) as IFanPassConcurrency;

        var result = await sut.Client.ImportSegmentAsync("vip", ThreeUsers, CancellationToken.None);

        Assert.Equal(FanPassCallOutcome.Success, result.Outcome);
        Assert.NotNull(concurrency);
        Assert.Equal(4, concurrency.CurrentLimit);
        Assert.Equal(0, concurrency.InFlight);
    }
}
