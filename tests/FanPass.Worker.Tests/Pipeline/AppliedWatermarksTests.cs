using FanPass.Worker.Pipeline;

namespace FanPass.Worker.Tests.Pipeline;

public sealed class AppliedWatermarksTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static int CountKnown(AppliedWatermarks watermarks, IEnumerable<string> keys) =>
        keys.Count(k => watermarks.TryGet(k, out _));

    [Fact]
    public void TryGet_UnknownKey_ReturnsFalse()
    {
        var watermarks = new AppliedWatermarks();

        Assert.False(watermarks.TryGet("vip", out var watermark));
        Assert.Equal(default, watermark);
    }

    [Fact]
    public void Advance_FirstTime_Recorded()
    {
        var watermarks = new AppliedWatermarks();
        var source = Guid.NewGuid();

        watermarks.Advance("vip", T0, source);

        Assert.True(watermarks.TryGet("vip", out var watermark));
        Assert.Equal(T0, watermark.At);
        Assert.Equal(source, watermark.SourceId);
    }

    [Fact]
    public void Advance_Newer_Overwrites()
    {
        var watermarks = new AppliedWatermarks();
        var newer = Guid.NewGuid();
        watermarks.Advance("vip", T0, Guid.NewGuid());

        watermarks.Advance("vip", T0.AddSeconds(1), newer);

        Assert.True(watermarks.TryGet("vip", out var watermark));
        Assert.Equal(T0.AddSeconds(1), watermark.At);
        Assert.Equal(newer, watermark.SourceId);
    }

    [Fact]
    public void Advance_Older_DoesNotOverwrite()
    {
        var watermarks = new AppliedWatermarks();
        var newest = Guid.NewGuid();
        watermarks.Advance("vip", T0, newest);

        watermarks.Advance("vip", T0.AddTicks(-1), Guid.NewGuid());
        watermarks.Advance("vip", T0.AddYears(-1), Guid.NewGuid());

        Assert.True(watermarks.TryGet("vip", out var watermark));
        Assert.Equal(T0, watermark.At);
        Assert.Equal(newest, watermark.SourceId);
    }

    [Fact]
    public void Advance_EqualTimestamp_KeepsTimestamp()
    {
        var watermarks = new AppliedWatermarks();
        watermarks.Advance("vip", T0, Guid.NewGuid());

        watermarks.Advance("vip", T0, Guid.NewGuid());

        Assert.True(watermarks.TryGet("vip", out var watermark));
        Assert.Equal(T0, watermark.At);
    }

    [Fact]
    public void Advance_OutOfOrderSequence_KeepsMaximum()
    {
        var watermarks = new AppliedWatermarks();
        var random = new Random(17);
        var max = DateTimeOffset.MinValue;
        var maxSource = Guid.Empty;
        for (var i = 0; i < 500; i++)
        {
            var at = T0.AddSeconds(random.Next(-10_000, 10_000));
            var source = Guid.NewGuid();
            if (at > max)
            {
                max = at;
                maxSource = source;
            }

            watermarks.Advance("k", at, source);
        }

        Assert.True(watermarks.TryGet("k", out var watermark));
        Assert.Equal(max, watermark.At);
        Assert.Equal(maxSource, watermark.SourceId);
    }

    [Fact]
    public void Advance_KeysDifferingByCase_Independent()
    {
        var watermarks = new AppliedWatermarks();

        watermarks.Advance("VIP", T0, Guid.NewGuid());

        Assert.False(watermarks.TryGet("vip", out _));
    }

    [Fact]
    public void Advance_DifferentKeys_Independent()
    {
        var watermarks = new AppliedWatermarks();
        watermarks.Advance("a", T0.AddDays(1), Guid.NewGuid());

        watermarks.Advance("b", T0, Guid.NewGuid());

        Assert.True(watermarks.TryGet("b", out var b));
        Assert.Equal(T0, b.At);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Advance_ManyKeys_CountStaysWithinCapacity(int capacity)
    {
        var watermarks = new AppliedWatermarks(capacity);
        var keys = Enumerable.Range(0, capacity * 5 + 7).Select(i => $"key-{i}").ToList();

        for (var i = 0; i < keys.Count; i++)
        {
            watermarks.Advance(keys[i], T0.AddSeconds(i), Guid.NewGuid());
            Assert.True(CountKnown(watermarks, keys.Take(i + 1)) <= capacity);
        }

        // The key just advanced is always known.
        Assert.True(watermarks.TryGet(keys[^1], out var last));
        Assert.Equal(T0.AddSeconds(keys.Count - 1), last.At);
    }

    [Fact]
    public void Advance_ExistingKeyWhenFull_EvictsNothing()
    {
        var watermarks = new AppliedWatermarks(3);
        string[] keys = ["a", "b", "c"];
        foreach (var key in keys)
        {
            watermarks.Advance(key, T0, Guid.NewGuid());
        }

        watermarks.Advance("b", T0.AddSeconds(1), Guid.NewGuid());

        Assert.Equal(3, CountKnown(watermarks, keys));
    }

    [Fact]
    public void Advance_ConcurrentWriters_KeepMaximumPerKey()
    {
        var watermarks = new AppliedWatermarks();

        Parallel.For(0, 4_000, i => watermarks.Advance($"k{i % 8}", T0.AddSeconds(i), Guid.NewGuid()));

        for (var k = 0; k < 8; k++)
        {
            Assert.True(watermarks.TryGet($"k{k}", out var watermark));
            Assert.Equal(T0.AddSeconds(4_000 - 8 + k), watermark.At);
        }
    }
}
