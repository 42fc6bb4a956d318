using FanPass.Worker.Pipeline;

namespace FanPass.Worker.Tests.Pipeline;

public sealed class KeyedApplyGuardTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task LockAsync_SameKey_SecondWaitsUntilFirstDisposed()
    {
        using var guard = new KeyedApplyGuard();
        var first = await guard.LockAsync("vip", CancellationToken.None);

        var second = guard.LockAsync("vip", CancellationToken.None).AsTask();
        await Task.Delay(Short);
        Assert.False(second.IsCompleted);

        first.Dispose();
        var releaser = await second.WaitAsync(TimeSpan.FromSeconds(5));
        releaser.Dispose();
    }

    [Fact]
    public async Task LockAsync_SameKeyThreeWaiters_AdmittedOneAtATime()
    {
        using var guard = new KeyedApplyGuard();
        var inside = 0;
        var maxInside = 0;

        async Task Work()
        {
            using (await guard.LockAsync("user-1", CancellationToken.None))
            {
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref maxInside, now);
                await Task.Delay(5);
                Interlocked.Decrement(ref inside);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(Work))).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, maxInside);
    }

    [Fact]
    public async Task LockAsync_DifferentStripes_DoNotBlock()
    {
        using var guard = new KeyedApplyGuard(stripes: 1024);
        using var first = await guard.LockAsync("a", CancellationToken.None);

        // Find a key on another stripe (most are).
        var other = Enumerable.Range(0, 1000).Select(i => $"k{i}")
            .First(k => (uint)StringComparer.Ordinal.GetHashCode(k) % 1024u != (uint)StringComparer.Ordinal.GetHashCode("a") % 1024u);
        var second = guard.LockAsync(other, CancellationToken.None).AsTask();

        var releaser = await second.WaitAsync(TimeSpan.FromSeconds(5));
        releaser.Dispose();
    }

    [Fact]
    public async Task LockAsync_SingleStripe_DifferentKeysSerialize()
    {
        using var guard = new KeyedApplyGuard(stripes: 1);
        var first = await guard.LockAsync("a", CancellationToken.None);

        var second = guard.LockAsync("b", CancellationToken.None).AsTask();
        await Task.Delay(Short);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task LockAsync_CancelledWhileWaiting_ThrowsAndDoesNotTakeLock()
    {
        using var guard = new KeyedApplyGuard();
        var first = await guard.LockAsync("vip", CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = guard.LockAsync("vip", cts.Token).AsTask();
        await Task.Delay(Short);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));

        // The cancelled waiter took nothing: after the first releases, the key is free immediately.
        first.Dispose();
        var again = guard.LockAsync("vip", CancellationToken.None);
        Assert.True(again.IsCompleted);
        (await again).Dispose();
    }

    [Fact]
    public async Task LockAsync_AlreadyCancelledToken_Throws()
    {
        using var guard = new KeyedApplyGuard();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await guard.LockAsync("vip", cts.Token));
    }

    [Fact]
    public async Task LockAsync_ReleasedKey_CanBeTakenAgain()
    {
        using var guard = new KeyedApplyGuard();

        for (var i = 0; i < 3; i++)
        {
            var lockTask = guard.LockAsync("vip", CancellationToken.None);
            Assert.True(lockTask.IsCompleted);
            (await lockTask).Dispose();
        }
    }

    [Fact]
    public async Task LockAsync_NullKey_Throws()
    {
        using var guard = new KeyedApplyGuard();

        await Assert.ThrowsAsync<ArgumentNullException>(async () => await guard.LockAsync(null!, CancellationToken.None));
    }

    [Fact]
    public void Constructor_ZeroStripes_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyedApplyGuard(0));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        do
        {
            current = Volatile.Read(ref target);
            if (value <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref target, value, current) != current);
    }
}
