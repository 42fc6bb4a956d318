using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace FanPass.Worker.Tests.FanPassApi;

/// <summary>
/// A FakeTimeProvider that records the due time of every timer scheduled on it (created or changed: a
/// CancellationTokenSource with a timeout creates its timer first and sets the due time with Change), so a test
/// can wait until Polly has actually scheduled a delay or timeout before it advances the clock.
/// </summary>
internal sealed class TrackingFakeTimeProvider : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _scheduled = new();

    public IReadOnlyCollection<TimeSpan> Scheduled => _scheduled;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Record(dueTime);
        return new TrackingTimer(base.CreateTimer(callback, state, dueTime, period), this);
    }

    public Task WaitForTimerAsync(TimeSpan dueTime) =>
        Eventually.WaitUntilAsync(() => _scheduled.Contains(dueTime), $"a timer due in {dueTime}");

    /// <summary>Moves the fake clock in small steps until <paramref name="task"/> completes (Polly's backoff is jittered).</summary>
    public async Task<T> AdvanceUntilCompleteAsync<T>(Task<T> task, TimeSpan step, int maxSteps = 1_000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            Advance(step);
            await Eventually.SettleAsync();
        }

        Assert.True(task.IsCompleted, $"the call did not complete after advancing {step * maxSteps}");
        return await task;
    }

    private void Record(TimeSpan dueTime)
    {
        if (dueTime >= TimeSpan.Zero)
        {
            _scheduled.Enqueue(dueTime);
        }
    }

    private sealed class TrackingTimer(ITimer inner, TrackingFakeTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Record(dueTime);
            return inner.Change(dueTime, period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
