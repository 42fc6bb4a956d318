using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace FanPass.Worker.FanPassApi;

/// <summary><c>FanPass:Resilience</c>: timeouts, retries and the circuit breaker. Ranges follow Polly's own limits.</summary>
public sealed class FanPassResilienceOptions
{
    /// <summary>Timeout of one HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "FanPass:Resilience:AttemptTimeout must be between {1} and {2}.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of a whole call, all attempts and delays included; must exceed <see cref="AttemptTimeout"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "FanPass:Resilience:TotalTimeout must be between {1} and {2}.")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one attempt of a CSV upload (a large segment takes longer to send than a JSON call).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "02:00:00", ErrorMessage = "FanPass:Resilience:UploadAttemptTimeout must be between {1} and {2}.")]
    public TimeSpan UploadAttemptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of a whole CSV upload call, all attempts and delays included; must exceed <see cref="UploadAttemptTimeout"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "FanPass:Resilience:UploadTotalTimeout must be between {1} and {2}.")]
    public TimeSpan UploadTotalTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Retries after the first attempt (0 disables retrying).</summary>
    [Range(0, 50, ErrorMessage = "FanPass:Resilience:MaxRetryAttempts must be between {1} and {2}.")]
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>Base of the exponential backoff (with jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "FanPass:Resilience:BaseDelay must be between {1} and {2}.")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of the backoff delay (a Retry-After is capped by <see cref="MaxRetryAfter"/> instead).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "FanPass:Resilience:MaxDelay must be between {1} and {2}.")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A Retry-After longer than this is not slept through: the call ends as TransientExhausted with RetryAfter set.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "FanPass:Resilience:MaxRetryAfter must be between {1} and {2}.")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    [ValidateObjectMembers]
    public FanPassCircuitBreakerOptions CircuitBreaker { get; set; } = new();
}
