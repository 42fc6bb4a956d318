namespace FanPass.Worker.Tests.FanPassApi;

/// <summary>
/// Waits for asynchronous continuations (thread-pool work) to make progress. Used only to observe progress,
/// never to measure time: time-based behaviour is driven by the fake clock.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(1);
        }
    }

    /// <summary>Lets queued continuations run (for asserting that something did NOT happen).</summary>
    public static async Task SettleAsync()
    {
        for (var i = 0; i < 5; i++)
        {
            await Task.Yield();
        }

        await Task.Delay(5);
    }
}
