using System.Net;
using System.Text.Json;
using FanPass.Worker.FanPassApi;
using FanPass.Worker.Messaging;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FanPass.Worker.Hosting;

/// <summary>All wiring of the worker host, so that Program.cs stays a few lines.</summary>
public static class WorkerHostExtensions
{
    public const string ReadyTag = "ready";
    public const string LiveTag = "live";

    public static WebApplicationBuilder AddFanPassWorker(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddFanPassClient(configuration);
        services.AddFanPassMessaging(configuration);
        builder.AddFanPassTelemetry();

        var health = configuration.GetSection(HealthOptions.SectionName).Get<HealthOptions>() ?? new HealthOptions();
        if (health.Port is < 0 or > 65535 || !IPAddress.TryParse(health.BindAddress, out var bindAddress))
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(
                HealthOptions.SectionName, typeof(HealthOptions), ["Health:Port must be between 0 and 65535 and Health:BindAddress an IP address."]);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(bindAddress, health.Port));
        services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag])
            .AddCheck<ConsumptionHealthCheck>("consumption", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapFanPassWorkerEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag), ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteHealthAsync });
        return app;
    }

    /// <summary>A JSON body naming each check and its state, so a failed probe says which check failed.</summary>
    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new Dictionary<string, object?>
        {
            ["status"] = report.Status.ToString(),
            ["checks"] = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => (object?)new Dictionary<string, object?>
                {
                    ["status"] = entry.Value.Status.ToString(),
                    ["description"] = entry.Value.Description,
                    ["data"] = entry.Value.Data.ToDictionary(d => d.Key, d => d.Value?.ToString()),
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
