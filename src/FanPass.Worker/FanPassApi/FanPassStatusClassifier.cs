using System.Net;

namespace FanPass.Worker.FanPassApi;

/// <summary>The one place that says which HTTP statuses are transient, rejected or unauthorized.</summary>
internal static class FanPassStatusClassifier
{
    /// <summary>408, 429 and 5xx: worth retrying.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>Statuses the circuit breaker counts: the transient ones except 429 (FanPass is up and asks us to slow down; the concurrency limiter and Retry-After handle that).</summary>
    public static bool IsOutage(HttpStatusCode status) =>
        IsTransient(status) && status != HttpStatusCode.TooManyRequests;

    public static bool IsUnauthorized(HttpStatusCode status) =>
        status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    /// <summary>Statuses that tell the concurrency limiter to back off.</summary>
    public static bool IsCongestion(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout;

    public static FanPassCallOutcome Classify(HttpStatusCode status)
    {
        var code = (int)status;
        if (code is >= 200 and < 300)
        {
            return FanPassCallOutcome.Success;
        }

        if (IsUnauthorized(status))
        {
            return FanPassCallOutcome.Unauthorized;
        }

        if (IsTransient(status))
        {
            return FanPassCallOutcome.TransientExhausted;
        }

        // 400/404/409/413/422, any other 4xx, and the odd 1xx/3xx: permanent for this item.
        return FanPassCallOutcome.Rejected;
    }
}
