namespace FanPass.Worker.FanPassApi;

/// <summary>
/// Reads <c>Retry-After</c> in both forms (delta-seconds and HTTP-date). The HTTP-date is measured against
/// the injected <see cref="TimeProvider"/>: the built-in parsing of Microsoft.Extensions.Http.Resilience
/// reads the system clock, which a test cannot move.
/// </summary>
internal static class FanPassRetryAfter
{
    public static bool TryGet(HttpResponseMessage response, TimeProvider timeProvider, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        var header = response.Headers.RetryAfter;
        if (header is null)
        {
            return false;
        }

        if (header.Delta is { } delta)
        {
            retryAfter = delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            return true;
        }

        if (header.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            retryAfter = wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            return true;
        }

        return false;
    }
}
