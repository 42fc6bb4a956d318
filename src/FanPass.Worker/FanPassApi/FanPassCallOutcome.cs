namespace FanPass.Worker.FanPassApi;

/// <summary>How one FanPass call ended, after resilience.</summary>
public enum FanPassCallOutcome
{
    /// <summary>2xx.</summary>
    Success,

    /// <summary>400, 404, 409, 413, 422: permanent for this item; do not retry it.</summary>
    Rejected,

    /// <summary>408, 429, 5xx, timeouts, connection errors, still failing after every retry: redeliver later.</summary>
    TransientExhausted,

    /// <summary>The circuit breaker is open: FanPass is failing as a whole; nothing was sent. Pause and redeliver later.</summary>
    CircuitOpen,

    /// <summary>401, 403: the token is bad or expired. Systemic: pause consumption; never retried by the client.</summary>
    Unauthorized,
}
