using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace FanPass.Emulator.Tests;

/// <summary>State-level behaviour without HTTP: counters, rate-limit window on a fake clock, seeded randomness.</summary>
public sealed class EmulatorStateTests
{
    [Fact]
    public void RateLimit_ReplenishesOnTheTimeProviderWindow()
    {
        var time = new FakeTimeProvider();
        var state = new EmulatorState(time) { Faults = new FaultSettings { RequestsPerSecond = 2 } };
        var faults = state.ActiveFaults;

        Assert.True(faults.TryAcquireRatePermit());
        Assert.True(faults.TryAcquireRatePermit());
        Assert.False(faults.TryAcquireRatePermit());
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(faults.TryAcquireRatePermit());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(faults.TryAcquireRatePermit());
        Assert.True(faults.TryAcquireRatePermit());
        Assert.False(faults.TryAcquireRatePermit());
    }

    [Fact]
    public void FailNext_ConsumedConcurrently_ExactlyN()
    {
        var state = new EmulatorState { Faults = new FaultSettings { FailNext = 100 } };
        var faults = state.ActiveFaults;
        var consumed = 0;

        Parallel.For(0, 1000, _ =>
        {
            if (faults.TryConsumeFailNext())
            {
                Interlocked.Increment(ref consumed);
            }
        });

        Assert.Equal(100, consumed);
        Assert.Equal(0, state.Faults.FailNext);
    }

    [Fact]
    public void Faults_ReplacingRestartsCountdown()
    {
        var state = new EmulatorState { Faults = new FaultSettings { FailNext = 1 } };
        Assert.True(state.ActiveFaults.TryConsumeFailNext());
        Assert.False(state.ActiveFaults.TryConsumeFailNext());

        state.Faults = new FaultSettings { FailNext = 2 };

        Assert.Equal(2, state.Faults.FailNext);
    }

    [Fact]
    public void Faults_InvalidSettings_Throw()
    {
        var state = new EmulatorState();

        Assert.Throws<ArgumentException>(() => state.Faults = new FaultSettings { ErrorRate = 1.5 });
        Assert.Throws<ArgumentException>(() => state.Faults = new FaultSettings { ErrorStatus = 200 });
        Assert.Throws<ArgumentException>(() => state.Faults = new FaultSettings { LatencyMs = -1 });
    }

    [Fact]
    public void SeededRandom_IsReproducible()
    {
        var a = new EmulatorState(randomSeed: 42);
        var b = new EmulatorState(randomSeed: 42);

        var first = Enumerable.Range(0, 10).Select(_ => a.NextDouble()).ToArray();
        var second = Enumerable.Range(0, 10).Select(_ => b.NextDouble()).ToArray();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Requests_RingKeepsOnlyTheLastCapacityInOrder()
    {
        var state = new EmulatorState(maxRecordedRequests: 3);

        for (var i = 1; i <= 5; i++)
        {
            state.Record(new RecordedRequest { Method = "POST", Path = $"/p{i}" });
        }

        Assert.Equal(["/p3", "/p4", "/p5"], state.Requests.Select(r => r.Path));
        Assert.Equal([4L, 5L], state.GetRecentRequests(2).Select(r => r.Sequence));
    }

    [Fact]
    public void Reset_ClearsEverything()
    {
        var state = new EmulatorState { Faults = new FaultSettings { LatencyMs = 10 } };
        state.ReplaceSegment("s", ["a"]);
        state.MergeUser("u", [new("custom.a", JsonValue.Create(1))]);
        state.CountRequest("POST /api/v1/users", accepted: true);
        state.Record(new RecordedRequest { Method = "POST", Path = "/api/v1/users" });

        state.Reset();

        Assert.Equal(0, state.SegmentCount);
        Assert.Equal(0, state.UserCount);
        Assert.Empty(state.RequestCounts);
        Assert.Equal(0, state.AcceptedCount("POST /api/v1/users"));
        Assert.Empty(state.Requests);
        Assert.Equal(FaultSettings.None, state.Faults);
    }

    [Fact]
    public void GetUser_ReturnsACopy()
    {
        var state = new EmulatorState();
        state.MergeUser("u", [new("custom.list", new JsonArray(1, 2))]);

        var copy = state.GetUser("u")!;
        copy["custom.list"]!.AsArray().Add(3);

        Assert.Equal(2, state.GetUser("u")!["custom.list"]!.AsArray().Count);
    }
}
