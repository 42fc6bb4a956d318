using System.Reflection;
using FanPass.Worker.Diagnostics;
using FanPass.Worker.Pipeline;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FanPass.Worker.Hosting;

/// <summary>
/// OpenTelemetry for the worker: traces, metrics and logs, exported with OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set and to the console only when <c>Telemetry:Console</c> is true. Tests add their own (in-memory) exporters with
/// <c>ConfigureOpenTelemetryTracerProvider</c> / <c>ConfigureOpenTelemetryMeterProvider</c> /
/// <c>ConfigureOpenTelemetryLoggerProvider</c>, which compose with this registration.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string ServiceName = "fanpass-worker";

    /// <summary>Configuration switch of the console exporter (local debugging): <c>Telemetry__Console=true</c>.</summary>
    public const string ConsoleSwitch = "Telemetry:Console";

    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>MassTransit's ActivitySource and Meter name.</summary>
    public const string MassTransitSource = "MassTransit";

    public static WebApplicationBuilder AddFanPassTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var console = configuration.GetValue<bool>(ConsoleSwitch);
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);

        var assembly = typeof(TelemetryServiceCollectionExtensions).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                ServiceName,
                serviceVersion: version,
                serviceInstanceId: Environment.MachineName + "-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(WorkerTelemetry.Name, MassTransitSource)
                    // Records method, URL (query redacted by default), status and error type; never headers (the bearer token).
                    .AddHttpClientInstrumentation(http => http.RecordException = false);
                if (console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(WorkerTelemetry.Name, MassTransitSource)
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (console)
                {
                    metrics.AddConsoleExporter();
                }
            })
            .WithLogging(
                logging =>
                {
                    if (console)
                    {
                        logging.AddConsoleExporter();
                    }
                },
                options =>
                {
                    options.IncludeScopes = true;
                    options.IncludeFormattedMessage = true;
                });

        if (otlp)
        {
            // All three signals; OTEL_EXPORTER_OTLP_PROTOCOL / _HEADERS / _TIMEOUT are honoured.
            telemetry.UseOtlpExporter();
        }

        builder.Services.AddHostedService<ConsumptionGaugeRegistration>();
        return builder;
    }

    /// <summary>Points the <c>fanpass.consumption.paused</c> gauge at this host's <see cref="ConsumptionController"/>.</summary>
    private sealed class ConsumptionGaugeRegistration(ConsumptionController consumption) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            PipelineTelemetry.ObserveConsumption(consumption);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
