using System.ComponentModel.DataAnnotations;

namespace FanPass.Worker.FanPassApi;

/// <summary><c>FanPass:Concurrency</c>: bounds of the adaptive (AIMD) limit of concurrent HTTP attempts.</summary>
public sealed class FanPassConcurrencyOptions
{
    [Range(1, 10_000, ErrorMessage = "FanPass:Concurrency:Initial must be between {1} and {2}.")]
    public int Initial { get; set; } = 8;

    [Range(1, 10_000, ErrorMessage = "FanPass:Concurrency:Min must be between {1} and {2}.")]
    public int Min { get; set; } = 1;

    [Range(1, 10_000, ErrorMessage = "FanPass:Concurrency:Max must be between {1} and {2}.")]
    public int Max { get; set; } = 32;

    /// <summary>An attempt slower than this is a congestion signal (like a 429 or 503).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00", ErrorMessage = "FanPass:Concurrency:LatencyThreshold must be between {1} and {2}.")]
    public TimeSpan LatencyThreshold { get; set; } = TimeSpan.FromSeconds(2);
}
