using FanPass.Worker.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FanPass.Worker.Tests.Pipeline;

public sealed class ConsumptionControllerTests : IDisposable
{
    private static readonly TimeSpan AuthPause = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OutagePause = TimeSpan.FromSeconds(90);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ConsumptionController _controller;
    private readonly List<PauseReason> _changes = [];

    public ConsumptionControllerTests()
    {
        _controller = new ConsumptionController(
            _time,
            Options.Create(new WorkerOptions { AuthPauseDuration = AuthPause, OutagePauseDuration = OutagePause }),
            NullLogger<ConsumptionController>.Instance);
        _controller.StateChanged += reason =>
        {
            lock (_changes)
            {
                _changes.Add(reason);
            }
        };
    }

    public void Dispose() => _controller.Dispose();

    private List<PauseReason> Changes()
    {
        lock (_changes)
        {
            return [.. _changes];
        }
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(10);
        }

        return condition();
    }

    [Fact]
    public void New_NotPaused()
    {
        Assert.False(_controller.IsPaused);
        Assert.Equal(PauseReason.None, _controller.Reason);
        Assert.Null(_controller.ResumeAt);
        Assert.Equal(0, _controller.PauseCount);
    }

    [Fact]
    public void Pause_Unauthorized_PausedWithAuthDuration()
    {
        var now = _time.GetUtcNow();

        _controller.Pause(PauseReason.Unauthorized);

        Assert.True(_controller.IsPaused);
        Assert.Equal(PauseReason.Unauthorized, _controller.Reason);
        Assert.Equal(now + AuthPause, _controller.ResumeAt);
        Assert.Equal(1, _controller.PauseCount);
        Assert.Equal([PauseReason.Unauthorized], Changes());
    }

    [Fact]
    public void Pause_Outage_PausedWithOutageDuration()
    {
        var now = _time.GetUtcNow();

        _controller.Pause(PauseReason.Outage);

        Assert.True(_controller.IsPaused);
        Assert.Equal(PauseReason.Outage, _controller.Reason);
        Assert.Equal(now + OutagePause, _controller.ResumeAt);
        Assert.Equal(1, _controller.PauseCount);
        Assert.Equal([PauseReason.Outage], Changes());
    }

    [Fact]
    public void Pause_None_NoOp()
    {
        _controller.Pause(PauseReason.None);

        Assert.False(_controller.IsPaused);
        Assert.Null(_controller.ResumeAt);
        Assert.Equal(0, _controller.PauseCount);
        Assert.Empty(Changes());
    }

    [Fact]
    public void Pause_SecondWhilePaused_DoesNotExtend()
    {
        _controller.Pause(PauseReason.Unauthorized);
        var resumeAt = _controller.ResumeAt;
        _time.Advance(TimeSpan.FromSeconds(20));

        _controller.Pause(PauseReason.Unauthorized);

        Assert.Equal(resumeAt, _controller.ResumeAt);
        Assert.Equal(1, _controller.PauseCount);
        Assert.Single(Changes());
    }

    [Fact]
    public async Task Pause_SecondWhilePaused_StillResumesAtOriginalTime()
    {
        _controller.Pause(PauseReason.Unauthorized);
        _time.Advance(TimeSpan.FromSeconds(20));
        _controller.Pause(PauseReason.Unauthorized);

        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.True(await EventuallyAsync(() => !_controller.IsPaused));
    }

    [Fact]
    public void Pause_UnauthorizedWhileOutage_ReasonBecomesUnauthorizedWithoutExtending()
    {
        _controller.Pause(PauseReason.Outage);
        var resumeAt = _controller.ResumeAt;

        _controller.Pause(PauseReason.Unauthorized);

        Assert.True(_controller.IsPaused);
        Assert.Equal(PauseReason.Unauthorized, _controller.Reason);
        Assert.Equal(resumeAt, _controller.ResumeAt);
        Assert.Equal(1, _controller.PauseCount);
    }

    [Fact]
    public void Pause_OutageWhileUnauthorized_ReasonStaysUnauthorized()
    {
        _controller.Pause(PauseReason.Unauthorized);

        _controller.Pause(PauseReason.Outage);

        Assert.Equal(PauseReason.Unauthorized, _controller.Reason);
        Assert.Equal(1, _controller.PauseCount);
    }

    [Fact]
    public void Pause_BeforeDurationElapsed_StaysPaused()
    {
        _controller.Pause(PauseReason.Unauthorized);

        _time.Advance(AuthPause - TimeSpan.FromMilliseconds(1));

        Assert.True(_controller.IsPaused);
        Assert.Equal(PauseReason.Unauthorized, _controller.Reason);
    }

    [Fact]
    public async Task Pause_AuthDurationElapsed_ResumesAndRaisesStateChanged()
    {
        _controller.Pause(PauseReason.Unauthorized);

        _time.Advance(AuthPause);

        Assert.True(await EventuallyAsync(() => !_controller.IsPaused));
        Assert.Equal(PauseReason.None, _controller.Reason);
        Assert.Null(_controller.ResumeAt);
        Assert.Equal(1, _controller.PauseCount);
        Assert.True(await EventuallyAsync(() => Changes().Count == 2));
        Assert.Equal([PauseReason.Unauthorized, PauseReason.None], Changes());
    }

    [Fact]
    public async Task Pause_OutageAfterAuthDurationOnly_StillPaused()
    {
        _controller.Pause(PauseReason.Outage);

        _time.Advance(AuthPause);
        await Task.Delay(20);

        Assert.True(_controller.IsPaused);

        _time.Advance(OutagePause - AuthPause);
        Assert.True(await EventuallyAsync(() => !_controller.IsPaused));
    }

    [Fact]
    public async Task Pause_AfterResume_PausesAgainAndCounts()
    {
        _controller.Pause(PauseReason.Outage);
        _time.Advance(OutagePause);
        Assert.True(await EventuallyAsync(() => !_controller.IsPaused));
        var now = _time.GetUtcNow();

        _controller.Pause(PauseReason.Unauthorized);

        Assert.True(_controller.IsPaused);
        Assert.Equal(2, _controller.PauseCount);
        Assert.Equal(now + AuthPause, _controller.ResumeAt);

        _time.Advance(AuthPause);
        Assert.True(await EventuallyAsync(() => !_controller.IsPaused));
    }

    [Fact]
    public async Task ResumeAsync_WhilePaused_ResumesImmediately()
    {
        _controller.Pause(PauseReason.Unauthorized);

        await _controller.ResumeAsync();

        Assert.False(_controller.IsPaused);
        Assert.Null(_controller.ResumeAt);
    }

    [Fact]
    public async Task ResumeAsync_ManualThenTimerFires_NoSecondResumeEvent()
    {
        _controller.Pause(PauseReason.Unauthorized);
        await _controller.ResumeAsync();

        _time.Advance(AuthPause * 2);
        await Task.Delay(20);

        Assert.Equal([PauseReason.Unauthorized, PauseReason.None], Changes());
    }

    [Fact]
    public async Task ResumeAsync_NotPaused_NoOp()
    {
        await _controller.ResumeAsync();

        Assert.False(_controller.IsPaused);
        Assert.Empty(Changes());
    }

    [Fact]
    public async Task Dispose_WhilePaused_TimerNoLongerResumes()
    {
        _controller.Pause(PauseReason.Unauthorized);

        _controller.Dispose();
        _time.Advance(AuthPause * 2);
        await Task.Delay(20);

        Assert.True(_controller.IsPaused);
    }
}
