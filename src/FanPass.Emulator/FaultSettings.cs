namespace FanPass.Emulator;

/// <summary>
/// Faults injected into <c>/api/*</c> requests. Applied in this order: <see cref="Unauthorized"/>,
/// rate limit (<see cref="RequestsPerSecond"/>), timeouts (<see cref="TimeoutNext"/> then
/// <see cref="TimeoutRate"/>), <see cref="LatencyMs"/>, errors (<see cref="FailNext"/> then
/// <see cref="ErrorRate"/>), item rejects, then normal handling. Immutable: replace the whole value
/// (<see cref="EmulatorState.Faults"/> or <c>PUT /_admin/faults</c>).
/// </summary>
public sealed record FaultSettings
{
    /// <summary>No faults.</summary>
    public static FaultSettings None { get; } = new();

    /// <summary>Delay added to every API request.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Share (0..1) of API requests answered with <see cref="ErrorStatus"/>.</summary>
    public double ErrorRate { get; init; }

    /// <summary>Status of injected errors (400..599).</summary>
    public int ErrorStatus { get; init; } = 503;

    /// <summary>The next N API requests get <see cref="ErrorStatus"/> (counted down by <see cref="EmulatorState"/>).</summary>
    public int FailNext { get; init; }

    /// <summary>When set, 429 and 503 fault responses carry <c>Retry-After: N</c>.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Share (0..1) of API requests that never answer (until the client aborts).</summary>
    public double TimeoutRate { get; init; }

    /// <summary>The next N API requests never answer (until the client aborts).</summary>
    public int TimeoutNext { get; init; }

    /// <summary>Every API request gets 401 (token "revoked") until cleared.</summary>
    public bool Unauthorized { get; init; }

    /// <summary>0 = unlimited; above it requests get 429 with <c>Retry-After: 1</c>.</summary>
    public int RequestsPerSecond { get; init; }

    /// <summary><c>POST /api/v1/users</c> for these user ids gets 422.</summary>
    public IReadOnlyList<string> RejectUserIds { get; init; } = [];

    /// <summary><c>POST /api/v1/segments</c> for these segment names gets 422.</summary>
    public IReadOnlyList<string> RejectSegmentNames { get; init; } = [];

    /// <summary>Returns a message describing the first invalid setting, or null when valid.</summary>
    public string? Validate()
    {
        if (LatencyMs < 0)
        {
            return "latencyMs must be >= 0";
        }

        if (double.IsNaN(ErrorRate) || ErrorRate is < 0 or > 1)
        {
            return "errorRate must be between 0 and 1";
        }

        if (ErrorStatus is < 400 or > 599)
        {
            return "errorStatus must be between 400 and 599";
        }

        if (FailNext < 0)
        {
            return "failNext must be >= 0";
        }

        if (RetryAfterSeconds is < 0)
        {
            return "retryAfterSeconds must be >= 0";
        }

        if (double.IsNaN(TimeoutRate) || TimeoutRate is < 0 or > 1)
        {
            return "timeoutRate must be between 0 and 1";
        }

        if (TimeoutNext < 0)
        {
            return "timeoutNext must be >= 0";
        }

        return RequestsPerSecond < 0 ? "requestsPerSecond must be >= 0" : null;
    }
}
