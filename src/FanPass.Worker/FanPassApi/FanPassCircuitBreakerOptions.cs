using System.ComponentModel.DataAnnotations;

namespace FanPass.Worker.FanPassApi;

/// <summary><c>FanPass:Resilience:CircuitBreaker</c>. Counts transient failures only (5xx, 408, timeouts, connection errors).</summary>
public sealed class FanPassCircuitBreakerOptions
{
    /// <summary>Share of failed attempts in <see cref="SamplingDuration"/> that opens the circuit.</summary>
    [Range(0.01, 1.0, ErrorMessage = "FanPass:Resilience:CircuitBreaker:FailureRatio must be between {1} and {2}.")]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts in <see cref="SamplingDuration"/> before the ratio counts.</summary>
    [Range(2, 100_000, ErrorMessage = "FanPass:Resilience:CircuitBreaker:MinimumThroughput must be between {1} and {2}.")]
    public int MinimumThroughput { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00", ErrorMessage = "FanPass:Resilience:CircuitBreaker:SamplingDuration must be between {1} and {2}.")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before one probe is let through (half-open).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00", ErrorMessage = "FanPass:Resilience:CircuitBreaker:BreakDuration must be between {1} and {2}.")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
