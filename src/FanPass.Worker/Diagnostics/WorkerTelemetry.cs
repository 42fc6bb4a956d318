using System.Diagnostics;
using System.Diagnostics.Metrics;
using FanPass.Worker.FanPassApi;

namespace FanPass.Worker.Diagnostics;

/// <summary>
/// The worker's one ActivitySource and Meter, with the names of its spans, tags and instruments.
/// Never tag a span or a metric with the token, attribute values or user ids.
/// </summary>
internal static class WorkerTelemetry
{
    public const string Name = "FanPass.Worker";

    private static readonly string? Version = typeof(WorkerTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    /// <summary>FanPass calls (logical calls, after resilience), by endpoint, outcome and status.</summary>
    public static readonly Counter<long> FanPassCalls =
        Meter.CreateCounter<long>("fanpass.client.calls", unit: "{call}", description: "FanPass API calls by endpoint and outcome.");

    /// <summary>Duration of a logical FanPass call, all attempts and delays included.</summary>
    public static readonly Histogram<double> FanPassCallDuration =
        Meter.CreateHistogram<double>("fanpass.client.call.duration", unit: "s", description: "Duration of FanPass API calls, retries included.");

    /// <summary>HTTP attempts beyond the first of a logical call.</summary>
    public static readonly Counter<long> FanPassRetries =
        Meter.CreateCounter<long>("fanpass.client.retries", unit: "{retry}", description: "FanPass API retries.");

    private static volatile IFanPassConcurrency? s_concurrency;

    /// <summary>Current adaptive limit of concurrent FanPass calls.</summary>
    public static readonly ObservableGauge<int> FanPassConcurrencyLimit =
        Meter.CreateObservableGauge("fanpass.client.concurrency.limit", ObserveConcurrencyLimit, unit: "{call}", description: "Current adaptive limit of concurrent FanPass calls.");

    /// <summary>FanPass calls in flight now.</summary>
    public static readonly ObservableGauge<int> FanPassConcurrencyInFlight =
        Meter.CreateObservableGauge("fanpass.client.concurrency.in_flight", ObserveInFlight, unit: "{call}", description: "FanPass calls in flight.");

    /// <summary>Span and tag names.</summary>
    public static class Tags
    {
        public const string Endpoint = "fanpass.endpoint";
        public const string SegmentName = "fanpass.segment.name";
        public const string SegmentUserCount = "fanpass.segment.user_count";
        public const string SegmentMethod = "fanpass.segment.method";
        public const string UserAttributeCount = "fanpass.user.attribute_count";
        public const string Attempts = "fanpass.attempts";
        public const string Outcome = "fanpass.outcome";
        public const string HttpStatusCode = "http.response.status_code";
        public const string HttpStatusClass = "fanpass.http.status_class";
    }

    /// <summary>The limiter whose state the gauges report (the last one created: there is one per host).</summary>
    public static void ObserveConcurrency(IFanPassConcurrency concurrency) => s_concurrency = concurrency;

    private static IEnumerable<Measurement<int>> ObserveConcurrencyLimit() =>
        s_concurrency is { } c ? [new Measurement<int>(c.CurrentLimit)] : [];

    private static IEnumerable<Measurement<int>> ObserveInFlight() =>
        s_concurrency is { } c ? [new Measurement<int>(c.InFlight)] : [];
}
