namespace FanPass.Worker.FanPassApi;

/// <summary>
/// The adaptive bound on concurrent outgoing FanPass calls (AIMD: shrinks on 429/503 and rising latency,
/// grows again when calls are healthy). Exposed for telemetry and tests.
/// </summary>
public interface IFanPassConcurrency
{
    /// <summary>The current limit of calls in flight.</summary>
    int CurrentLimit { get; }

    /// <summary>Calls in flight now.</summary>
    int InFlight { get; }
}
