using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FanPass.IntegrationTests.Infrastructure;

/// <summary>
/// In-memory exporters for a worker run: every span, every metric snapshot, and every log record (flattened to text
/// at export time, since log records are pooled and reused by the SDK).
/// </summary>
public sealed class TelemetryCapture
{
    public ConcurrentQueue<Activity> Spans { get; } = new();

    public List<MetricSnapshot> Metrics { get; } = [];

    public ConcurrentQueue<CapturedLog> Logs { get; } = new();

    /// <summary>Hooks the exporters into the worker's OpenTelemetry registration (composes with AddFanPassTelemetry).</summary>
    public void Configure(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new CapturingSpanProcessor(Spans)));
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        builder.Services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor(new CapturingLogProcessor(Logs)));
    }

    /// <summary>Exports everything the worker has recorded so far.</summary>
    public static void Flush(IServiceProvider services)
    {
        services.GetRequiredService<TracerProvider>().ForceFlush();
        services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    public Activity[] SpansSnapshot() => [.. Spans];

    /// <summary>The newest (cumulative) snapshot of <paramref name="name"/>.</summary>
    public MetricSnapshot? Metric(string name)
    {
        lock (Metrics)
        {
            return Metrics.LastOrDefault(m => m.Name == name);
        }
    }

    /// <summary>Sum of a counter's points whose tags include every pair in <paramref name="tags"/>.</summary>
    public long CounterSum(string name, params (string Key, string Value)[] tags) =>
        Points(name, tags).Sum(p => p.GetSumLong());

    public IEnumerable<MetricPoint> Points(string name, params (string Key, string Value)[] tags)
    {
        var metric = Metric(name);
        if (metric is null)
        {
            yield break;
        }

        foreach (var point in metric.MetricPoints)
        {
            var pointTags = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in point.Tags)
            {
                pointTags[tag.Key] = tag.Value?.ToString();
            }

            if (tags.All(t => pointTags.TryGetValue(t.Key, out var v) && v == t.Value))
            {
                yield return point;
            }
        }
    }

    public sealed record CapturedLog(LogLevel Level, string Category, string Text);

    private sealed class CapturingSpanProcessor(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }

    private sealed class CapturingLogProcessor(ConcurrentQueue<CapturedLog> logs) : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
            var text = new System.Text.StringBuilder();
            text.Append(data.FormattedMessage).Append(" | ").Append(data.Body);
            foreach (var attribute in data.Attributes ?? [])
            {
                text.Append(" | ").Append(attribute.Key).Append('=').Append(attribute.Value);
            }

            data.ForEachScope(
                (scope, sb) =>
                {
                    foreach (var item in scope)
                    {
                        sb.Append(" | scope ").Append(item.Key).Append('=').Append(item.Value);
                    }
                },
                text);
            if (data.Exception is { } exception)
            {
                text.Append(" | ").Append(exception);
            }

            logs.Enqueue(new CapturedLog(data.LogLevel, data.CategoryName ?? string.Empty, text.ToString()));
        }
    }
}
