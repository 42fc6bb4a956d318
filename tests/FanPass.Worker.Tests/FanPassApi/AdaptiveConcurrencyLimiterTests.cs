using FanPass.Worker.FanPassApi;
using Microsoft.Extensions.Time.Testing;

namespace FanPass.Worker.Tests.FanPassApi;

public sealed class AdaptiveConcurrencyLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    private AdaptiveConcurrencyLimiter CreateSut(int initial = 8, int min = 1, int max = 32) =>
        new(new FanPassConcurrencyOptions { Initial = initial, Min = min, Max = max, LatencyThreshold = TimeSpan.FromSeconds(2) }, _time);

    [Fact]
    public async Task WaitForHoldOffAsync_AfterHoldOff_WaitsUntilTheDeadlineOnTheClock()
    {
        var sut = CreateSut();
        sut.HoldOff(TimeSpan.FromSeconds(2));

        var waiting = sut.WaitForHoldOffAsync(CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromSeconds(1.9));
        await Task.Yield();
        Assert.False(waiting.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(_time.GetUtcNow() - TimeSpan.Zero, sut.NotBefore);
    }

    [Fact]
    public void HoldOff_ShorterThanCurrentHold_DoesNotShortenIt()
    {
        var sut = CreateSut();
        sut.HoldOff(TimeSpan.FromSeconds(10));
        var longer = sut.NotBefore;

        sut.HoldOff(TimeSpan.FromSeconds(1));

        Assert.Equal(longer, sut.NotBefore);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(10), sut.NotBefore);
    }

    [Fact]
    public async Task WaitForHoldOffAsync_NoHold_CompletesAtOnce()
    {
        var sut = CreateSut();

        var waiting = sut.WaitForHoldOffAsync(CancellationToken.None);

        Assert.True(waiting.IsCompleted);
        await waiting;
    }

    [Fact]
    public async Task AcquireAsync_AtLimit_WaitsUntilASlotIsReleased()
    {
        var sut = CreateSut(initial: 2);
        var first = await sut.AcquireAsync(CancellationToken.None);
        await sut.AcquireAsync(CancellationToken.None);

        var third = sut.AcquireAsync(CancellationToken.None).AsTask();

        Assert.False(third.IsCompleted);
        Assert.Equal(1, sut.Waiting);
        sut.Release(first, ConcurrencySignal.Neutral);
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, sut.InFlight);
        Assert.Equal(0, sut.Waiting);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_ThrowsAndTakesNoSlot()
    {
        var sut = CreateSut(initial: 1);
        var held = await sut.AcquireAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = sut.AcquireAsync(cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, sut.Waiting);
        sut.Release(held, ConcurrencySignal.Neutral);
        Assert.Equal(0, sut.InFlight);
    }

    [Fact]
    public async Task Release_BurstOfCongestionFromOneWave_HalvesOnlyOnce()
    {
        var sut = CreateSut(initial: 8);
        var wave = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            wave.Add(await sut.AcquireAsync(CancellationToken.None));
        }

        _time.Advance(TimeSpan.FromMilliseconds(100));
        foreach (var start in wave)
        {
            sut.Release(start, ConcurrencySignal.Congested);
        }

        Assert.Equal(4, sut.CurrentLimit);
    }

    [Fact]
    public async Task Release_CongestionFromAttemptStartedAfterDecrease_HalvesAgain()
    {
        var sut = CreateSut(initial: 8);
        var before = await sut.AcquireAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        sut.Release(before, ConcurrencySignal.Congested);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var after = await sut.AcquireAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        sut.Release(after, ConcurrencySignal.Congested);

        Assert.Equal(2, sut.CurrentLimit);
    }

    [Fact]
    public async Task Release_RepeatedCongestion_NeverBelowMin()
    {
        var sut = CreateSut(initial: 4, min: 2);
        for (var i = 0; i < 5; i++)
        {
            var start = await sut.AcquireAsync(CancellationToken.None);
            _time.Advance(TimeSpan.FromMilliseconds(100));
            sut.Release(start, ConcurrencySignal.Congested);
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(2, sut.CurrentLimit);
    }

    [Fact]
    public async Task Release_LimitManyFastHealthyAttempts_GrowsByOneUpToMax()
    {
        var sut = CreateSut(initial: 2, max: 3);

        for (var i = 0; i < 2; i++)
        {
            sut.Release(await sut.AcquireAsync(CancellationToken.None), ConcurrencySignal.Healthy);
        }

        Assert.Equal(3, sut.CurrentLimit);

        for (var i = 0; i < 10; i++)
        {
            sut.Release(await sut.AcquireAsync(CancellationToken.None), ConcurrencySignal.Healthy);
        }

        Assert.Equal(3, sut.CurrentLimit);
    }

    [Fact]
    public async Task Release_HealthyButSlowerThanThreshold_CountsAsCongestion()
    {
        var sut = CreateSut(initial: 8);
        var start = await sut.AcquireAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(3));
        sut.Release(start, ConcurrencySignal.Healthy);

        Assert.Equal(4, sut.CurrentLimit);
    }

    [Fact]
    public async Task Release_LimitGrows_GrantsWaiters()
    {
        var sut = CreateSut(initial: 1, max: 4);
        var held = await sut.AcquireAsync(CancellationToken.None);
        var w1 = sut.AcquireAsync(CancellationToken.None).AsTask();
        var w2 = sut.AcquireAsync(CancellationToken.None).AsTask();

        sut.Release(held, ConcurrencySignal.Healthy);

        await Task.WhenAll(w1, w2).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, sut.CurrentLimit);
        Assert.Equal(2, sut.InFlight);
    }
}
