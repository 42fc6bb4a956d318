namespace FanPass.Worker.FanPassApi;

/// <summary>
/// Per logical call, carried on the request's options through the resilience handler to
/// <see cref="FanPassAttemptHandler"/>, which sees each HTTP attempt.
/// </summary>
internal sealed class FanPassAttemptState
{
    public static readonly HttpRequestOptionsKey<FanPassAttemptState> Key = new("FanPass.AttemptState");

    private int _attempts;

    /// <summary>HTTP attempts sent so far.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The last Retry-After FanPass sent, if any.</summary>
    public TimeSpan? LastRetryAfter { get; set; }

    public void OnAttempt() => Interlocked.Increment(ref _attempts);
}
