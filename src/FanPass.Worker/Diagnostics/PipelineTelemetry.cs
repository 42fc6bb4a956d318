using System.Diagnostics;
using System.Diagnostics.Metrics;
using FanPass.Contracts;
using FanPass.Worker.Pipeline;
using MassTransit;

namespace FanPass.Worker.Diagnostics;

/// <summary>
/// The batch pipeline's spans and instruments, on <see cref="WorkerTelemetry.ActivitySource"/> and
/// <see cref="WorkerTelemetry.Meter"/>. Tags carry counts, type names, results and error codes only: never the token,
/// attribute values, user ids or segment members.
/// </summary>
internal static class PipelineTelemetry
{
    /// <summary>Span of one <c>Batch&lt;SegmentImportRequested&gt;</c>.</summary>
    public const string SegmentBatchSpan = "FanPass segment batch";

    /// <summary>Span of one <c>Batch&lt;UserAttributesChanged&gt;</c>.</summary>
    public const string AttributeBatchSpan = "FanPass attribute batch";

    /// <summary>Most links on a batch span; the rest are counted in <see cref="Tags.LinksDropped"/>.</summary>
    public const int MaxBatchLinks = 128;

    /// <summary>MassTransit 8's trace context header (a W3C <c>traceparent</c> value) set by the publisher's send span.</summary>
    public const string MassTransitActivityIdHeader = "MT-Activity-Id";

    /// <summary>The W3C header, for publishers that propagate with it instead of MassTransit's.</summary>
    public const string TraceParentHeader = "traceparent";

    public const string TraceStateHeader = "tracestate";

    public static class Tags
    {
        public const string MessagingSystem = "messaging.system";
        public const string MessageCount = "messaging.batch.message_count";
        public const string DistinctKeys = "fanpass.batch.distinct_keys";
        public const string FanPassCalls = "fanpass.batch.fanpass_calls";
        public const string LinksDropped = "fanpass.batch.links_dropped";
        public const string Requeued = "fanpass.batch.requeued";
        public const string DeadLettered = "fanpass.batch.dead_lettered";
        public const string OutcomesSucceeded = "fanpass.batch.outcomes.succeeded";
        public const string OutcomesSuperseded = "fanpass.batch.outcomes.superseded";
        public const string OutcomesFailed = "fanpass.batch.outcomes.failed";
        public const string MessageType = "fanpass.message.type";
        public const string OutcomeType = "fanpass.outcome.type";
        public const string OutcomeResult = "fanpass.outcome.result";
        public const string ErrorType = "error.type";
        public const string PauseReason = "fanpass.pause.reason";
    }

    public static class Results
    {
        public const string Succeeded = "succeeded";
        public const string Superseded = "superseded";
        public const string Failed = "failed";
    }

    public static readonly Counter<long> MessagesReceived =
        WorkerTelemetry.Meter.CreateCounter<long>("fanpass.messages.received", unit: "{message}", description: "Input messages delivered to a batch consumer (redelivered copies count again).");

    public static readonly Counter<long> Outcomes =
        WorkerTelemetry.Meter.CreateCounter<long>("fanpass.outcomes", unit: "{outcome}", description: "Outcome events published (after the broker confirmed them).");

    public static readonly Histogram<long> BatchSize =
        WorkerTelemetry.Meter.CreateHistogram<long>("fanpass.batch.size", unit: "{message}", description: "Messages per consumed batch.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });

    public static readonly Histogram<double> CoalescingRatio =
        WorkerTelemetry.Meter.CreateHistogram<double>("fanpass.coalescing.ratio", unit: "{message}/{call}", description: "Input messages carried per FanPass call, per batch that made calls.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 1.5, 2, 3, 5, 10, 20, 50, 100] });

    public static readonly Counter<long> CoalescingInputs =
        WorkerTelemetry.Meter.CreateCounter<long>("fanpass.coalescing.inputs", unit: "{message}", description: "Input messages whose data a FanPass call carried (numerator of the coalescing ratio).");

    public static readonly Counter<long> CoalescingCalls =
        WorkerTelemetry.Meter.CreateCounter<long>("fanpass.coalescing.calls", unit: "{call}", description: "FanPass calls made by batches (denominator of the coalescing ratio).");

    public static readonly Histogram<double> EndToEndDuration =
        WorkerTelemetry.Meter.CreateHistogram<double>("fanpass.message.end_to_end.duration", unit: "s", description: "From the input's first sent time to the publish of its outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] });

    private static volatile ConsumptionController? s_consumption;

    public static readonly ObservableGauge<int> ConsumptionPaused =
        WorkerTelemetry.Meter.CreateObservableGauge("fanpass.consumption.paused", ObservePaused, unit: "1", description: "1 while consumption is paused for the reason in fanpass.pause.reason, else 0.");

    /// <summary>The controller whose state the gauge reports (the last one created: there is one per host).</summary>
    public static void ObserveConsumption(ConsumptionController consumption) => s_consumption = consumption;

    /// <summary>
    /// Starts the span of one batch, linked to the trace context each message carried (up to <see cref="MaxBatchLinks"/>).
    /// It becomes <see cref="Activity.Current"/>, so FanPass calls and outcome publishes are its children.
    /// </summary>
    public static Activity? StartBatch<T>(string name, Batch<T> batch)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(batch);
        var messageType = typeof(T).Name;
        var type = new KeyValuePair<string, object?>(Tags.MessageType, messageType);
        MessagesReceived.Add(batch.Length, type);
        BatchSize.Record(batch.Length, type);

        if (!WorkerTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        var links = new List<ActivityLink>(Math.Min(batch.Length, MaxBatchLinks));
        var seen = new HashSet<(ActivityTraceId, ActivitySpanId)>();
        var dropped = 0;
        for (var i = 0; i < batch.Length; i++)
        {
            if (TryGetTraceContext(batch[i], out var context) && seen.Add((context.TraceId, context.SpanId)))
            {
                if (links.Count < MaxBatchLinks)
                {
                    links.Add(new ActivityLink(context));
                }
                else
                {
                    dropped++;
                }
            }
        }

        var tags = new ActivityTagsCollection
        {
            { Tags.MessagingSystem, "rabbitmq" },
            { Tags.MessageType, messageType },
            { Tags.MessageCount, batch.Length },
            { Tags.LinksDropped, dropped },
        };
        return WorkerTelemetry.ActivitySource.StartActivity(name, ActivityKind.Consumer, parentContext: default, tags, links);
    }

    /// <summary>Sets the batch span's closing attributes.</summary>
    public static void BatchCompleted(Activity? activity, int distinctKeys, BatchWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (work.FanPassCalls > 0)
        {
            var type = new KeyValuePair<string, object?>(Tags.MessageType, work.MessageType);
            CoalescingInputs.Add(work.FanPassInputs, type);
            CoalescingCalls.Add(work.FanPassCalls, type);
            CoalescingRatio.Record(work.FanPassInputs / (double)work.FanPassCalls, type);
        }

        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        int succeeded = 0, superseded = 0, failed = 0;
        foreach (var (outcomeType, count) in work.OutcomeCounts)
        {
            switch (ResultOf(outcomeType))
            {
                case Results.Succeeded: succeeded += count; break;
                case Results.Superseded: superseded += count; break;
                default: failed += count; break;
            }
        }

        activity.SetTag(Tags.DistinctKeys, distinctKeys);
        activity.SetTag(Tags.FanPassCalls, work.FanPassCalls);
        activity.SetTag(Tags.OutcomesSucceeded, succeeded);
        activity.SetTag(Tags.OutcomesSuperseded, superseded);
        activity.SetTag(Tags.OutcomesFailed, failed);
        activity.SetTag(Tags.Requeued, work.Requeued);
        activity.SetTag(Tags.DeadLettered, work.DeadLettered);
    }

    /// <summary>
    /// Exception filter: marks the batch span failed (the batch will be redelivered) with the exception type only,
    /// and returns false so the exception propagates untouched.
    /// </summary>
    public static bool BatchFailedFilter(Activity? activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity?.SetTag(Tags.ErrorType, exception.GetType().FullName);
        return false;
    }

    /// <summary>Counts one published outcome and its end-to-end latency.</summary>
    public static void OutcomePublished(object outcome, ConsumeContext source, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var outcomeType = outcome.GetType().Name;
        var result = ResultOf(outcomeType);
        var tags = new TagList
        {
            { Tags.OutcomeType, outcomeType },
            { Tags.OutcomeResult, result },
        };
        if (ErrorCodeOf(outcome) is { } errorCode)
        {
            tags.Add(Tags.ErrorType, errorCode);
        }

        Outcomes.Add(1, tags);
        if (DeliveryHeaders.GetFirstSentTime(source) is { } sent)
        {
            var elapsed = timeProvider.GetUtcNow() - sent;
            EndToEndDuration.Record(Math.Max(0, elapsed.TotalSeconds), tags);
        }
    }

    /// <summary>succeeded / superseded / failed, from the outcome's type name.</summary>
    public static string ResultOf(string outcomeType) =>
        outcomeType.EndsWith("Superseded", StringComparison.Ordinal) ? Results.Superseded
        : outcomeType.EndsWith("Failed", StringComparison.Ordinal) ? Results.Failed
        : Results.Succeeded;

    private static string? ErrorCodeOf(object outcome) => outcome switch
    {
        SegmentImportFailed failed => failed.ErrorCode,
        UserAttributesUpdateFailed failed => failed.ErrorCode,
        _ => null,
    };

    /// <summary>The trace context the message was published in: MassTransit's header, else a W3C <c>traceparent</c>.</summary>
    internal static bool TryGetTraceContext(ConsumeContext context, out ActivityContext activityContext)
    {
        activityContext = default;
        if (context.Headers.TryGetHeader(MassTransitActivityIdHeader, out var value) && value is string activityId
            && ActivityContext.TryParse(activityId, null, isRemote: true, out activityContext))
        {
            return true;
        }

        if (context.Headers.TryGetHeader(TraceParentHeader, out value) && value is string traceParent)
        {
            var traceState = context.Headers.TryGetHeader(TraceStateHeader, out var state) ? state as string : null;
            return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out activityContext);
        }

        return false;
    }

    private static IEnumerable<Measurement<int>> ObservePaused()
    {
        if (s_consumption is not { } consumption)
        {
            return [];
        }

        var reason = consumption.Reason;
        return
        [
            new Measurement<int>(reason == PauseReason.Unauthorized ? 1 : 0, new KeyValuePair<string, object?>(Tags.PauseReason, "unauthorized")),
            new Measurement<int>(reason == PauseReason.Outage ? 1 : 0, new KeyValuePair<string, object?>(Tags.PauseReason, "outage")),
            new Measurement<int>(reason == PauseReason.Throttled ? 1 : 0, new KeyValuePair<string, object?>(Tags.PauseReason, "throttled")),
        ];
    }
}
