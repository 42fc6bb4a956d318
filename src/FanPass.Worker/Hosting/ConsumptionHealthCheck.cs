using FanPass.Worker.Pipeline;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FanPass.Worker.Hosting;

/// <summary>Not ready while consumption is paused for a FanPass auth failure or outage.</summary>
internal sealed class ConsumptionHealthCheck(ConsumptionController consumption) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["reason"] = consumption.Reason.ToString(), ["pauses"] = consumption.PauseCount };
        if (consumption.ResumeAt is { } resumeAt)
        {
            data["resumeAt"] = resumeAt;
        }

        return Task.FromResult(consumption.Reason switch
        {
            PauseReason.Unauthorized => HealthCheckResult.Unhealthy("Consumption paused: FanPass refused the API token (401/403).", data: data),
            PauseReason.Outage => HealthCheckResult.Unhealthy("Consumption paused: FanPass unavailable (circuit breaker open).", data: data),
            PauseReason.Throttled => HealthCheckResult.Unhealthy("Consumption paused: FanPass is throttling (429 / Retry-After).", data: data),
            _ => HealthCheckResult.Healthy("Consuming.", data),
        });
    }
}
