namespace FanPass.Worker.Pipeline;

/// <summary>Why consumption is paused.</summary>
public enum PauseReason
{
    /// <summary>Not paused.</summary>
    None,

    /// <summary>FanPass answered 401/403: the token is bad or expired.</summary>
    Unauthorized,

    /// <summary>FanPass is failing as a whole: the circuit breaker opened.</summary>
    Outage,

    /// <summary>FanPass kept answering 429 through every retry: paused for its <c>Retry-After</c>.</summary>
    Throttled,
}
