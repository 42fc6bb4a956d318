using System.Diagnostics;
using System.Text.Json.Nodes;
using FanPass.Contracts;
using FanPass.IntegrationTests.Infrastructure;
using FanPass.Worker.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace FanPass.IntegrationTests.Scenarios;

[Collection(BrokerCollection.Name)]
public sealed class when_telemetry_is_exported(RabbitMqBroker broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Batch_spans_link_to_every_consumed_message_and_parent_the_FanPass_calls()
    {
        var telemetry = new TelemetryCapture();
        await using var scenario = await WorkerScenario.CreateAsync(broker);
        scenario.ConfigureWorker = telemetry.Configure;
        await scenario.StartWorkerAsync();

        // Each message published in its own upstream trace.
        var events = Enumerable.Range(0, 30).Select(i => Inputs.Attributes($"trace-user-{i % 6}", i, ("custom.visits", i))).ToList();
        var upstreamTraces = new HashSet<ActivityTraceId>();
        foreach (var e in events)
        {
            using var upstream = new Activity("upstream publish").SetIdFormat(ActivityIdFormat.W3C);
            upstream.ActivityTraceFlags = ActivityTraceFlags.Recorded;
            upstream.Start();
            upstreamTraces.Add(upstream.TraceId);
            await scenario.Upstream.Publish(e);
        }

        await scenario.Outcomes.WaitForInputsAsync(events.Select(e => e.EventId), TimeSpan.FromSeconds(60));
        TelemetryCapture.Flush(scenario.Worker!.Services);

        var batches = telemetry.SpansSnapshot().Where(s => s.OperationName == PipelineTelemetry.AttributeBatchSpan).ToList();
        Assert.NotEmpty(batches);
        var linkedTraces = batches.SelectMany(b => b.Links).Select(l => l.Context.TraceId).ToHashSet();
        Assert.Equal(upstreamTraces.OrderBy(t => t.ToHexString()), linkedTraces.OrderBy(t => t.ToHexString()));
        Assert.Equal(events.Count, batches.Sum(b => (int)b.GetTagItem(PipelineTelemetry.Tags.MessageCount)!));
        Assert.All(batches, b => Assert.Equal(0, b.GetTagItem(PipelineTelemetry.Tags.LinksDropped)));
        Assert.All(batches, b => Assert.Equal(ActivityKind.Consumer, b.Kind));

        // One FanPass span per call, each a child of a batch span, carrying the HTTP status and the attempts.
        var calls = telemetry.SpansSnapshot().Where(s => s.OperationName == "FanPass UpdateUserAttributes").ToList();
        Assert.Equal(scenario.Emulator.State.RequestCounts.GetValueOrDefault("POST /api/v1/users"), calls.Count);
        var batchIds = batches.Select(b => b.SpanId).ToHashSet();
        Assert.All(calls, call =>
        {
            Assert.Contains(call.ParentSpanId, batchIds);
            Assert.Equal(200, call.GetTagItem(WorkerTelemetry.Tags.HttpStatusCode));
            Assert.Equal(1, call.GetTagItem(WorkerTelemetry.Tags.Attempts));
        });
        Assert.Equal(calls.Count, batches.Sum(b => (int)b.GetTagItem(PipelineTelemetry.Tags.FanPassCalls)!));

        var all = telemetry.SpansSnapshot();
        foreach (var batch in batches)
        {
            var parent = all.FirstOrDefault(s => s.SpanId == batch.ParentSpanId);
            output.WriteLine($"{batch.OperationName} trace {batch.TraceId} span {batch.SpanId} parent {batch.ParentSpanId} ({parent?.OperationName} {parent?.Kind}, parent's parent {all.FirstOrDefault(s => s.SpanId == parent?.ParentSpanId)?.OperationName}): {string.Join(", ", batch.TagObjects.Select(t => $"{t.Key}={t.Value}"))}; links {batch.Links.Count()}");
        }
    }

    [Fact]
    public async Task Metrics_after_a_known_workload_are_exact()
    {
        var telemetry = new TelemetryCapture();
        await using var scenario = await WorkerScenario.CreateAsync(broker, s =>
        {
            // One batch takes the whole workload: 200 events over 20 users -> 20 calls, ratio 10.
            s["Batching:Attributes:MessageLimit"] = "200";
            s["Batching:Attributes:ConcurrencyLimit"] = "1";
            s["Batching:Attributes:TimeLimit"] = "00:00:05";
        });
        await scenario.StartWorkerAsync(); // declares the queues
        await scenario.StopWorkerAsync();

        var events = Enumerable.Range(0, 200).Select(i => Inputs.Attributes($"metric-user-{i % 20:D2}", i, ("custom.visits", i))).ToList();
        await Task.WhenAll(events.Select(e => scenario.Upstream.Publish(e)));

        scenario.ConfigureWorker = telemetry.Configure;
        await scenario.StartWorkerAsync();
        await scenario.Outcomes.WaitForInputsAsync(events.Select(e => e.EventId), TimeSpan.FromSeconds(60));
        const string updated = nameof(UserAttributesUpdated);
        await OutcomeLog.WaitUntilAsync(
            () =>
            {
                TelemetryCapture.Flush(scenario.Worker!.Services);
                return telemetry.CounterSum("fanpass.outcomes", ("fanpass.outcome.type", updated)) >= 20;
            },
            TimeSpan.FromSeconds(10),
            "outcome metrics");
        await Task.Delay(200);
        TelemetryCapture.Flush(scenario.Worker!.Services);

        const string type = nameof(UserAttributesChanged);
        var userCalls = scenario.Emulator.State.RequestCounts.GetValueOrDefault("POST /api/v1/users");
        Assert.Equal(20, userCalls);
        Assert.Equal(200, telemetry.CounterSum("fanpass.messages.received", ("fanpass.message.type", type)));
        Assert.Equal(20, telemetry.CounterSum("fanpass.outcomes", ("fanpass.outcome.type", updated), ("fanpass.outcome.result", "succeeded")));
        Assert.Equal(0, telemetry.CounterSum("fanpass.outcomes", ("fanpass.outcome.result", "failed")));
        Assert.Equal(200, telemetry.CounterSum("fanpass.coalescing.inputs", ("fanpass.message.type", type)));
        Assert.Equal(userCalls, telemetry.CounterSum("fanpass.coalescing.calls", ("fanpass.message.type", type)));
        Assert.Equal(userCalls, telemetry.CounterSum("fanpass.client.calls", ("fanpass.endpoint", "UpdateUserAttributes")));

        var batchSize = Assert.Single(telemetry.Points("fanpass.batch.size", ("fanpass.message.type", type)));
        Assert.Equal(1, batchSize.GetHistogramCount());
        Assert.Equal(200, batchSize.GetHistogramSum());
        var ratio = Assert.Single(telemetry.Points("fanpass.coalescing.ratio", ("fanpass.message.type", type)));
        Assert.Equal(1, ratio.GetHistogramCount());
        Assert.Equal(10.0, ratio.GetHistogramSum());
        var endToEnd = telemetry.Points("fanpass.message.end_to_end.duration", ("fanpass.outcome.type", updated)).ToList();
        Assert.Equal(20, endToEnd.Sum(p => p.GetHistogramCount()));
        Assert.All(endToEnd, p => Assert.True(p.GetHistogramSum() > 0));

        var paused = telemetry.Points("fanpass.consumption.paused").ToList();
        Assert.Equal(3, paused.Count); // unauthorized, outage, throttled
        Assert.All(paused, p => Assert.Equal(0, p.GetGaugeLastValueLong()));

        // Ready lists its checks by name: MassTransit's bus check and the consumption check.
        using var http = new HttpClient();
        using var ready = await http.GetAsync(new Uri(scenario.HealthAddress!, "/healthz/ready"));
        var body = await ready.Content.ReadAsStringAsync();
        output.WriteLine(body);
        Assert.Contains("\"consumption\"", body, StringComparison.Ordinal);

        output.WriteLine($"received 200, calls {userCalls}, ratio sum {ratio.GetHistogramSum()}, e2e sum {endToEnd.Sum(p => p.GetHistogramSum()):F3}s");
    }

    [Fact]
    public async Task Nothing_exported_contains_the_token_a_user_id_or_an_attribute_value()
    {
        var telemetry = new TelemetryCapture();
        await using var scenario = await WorkerScenario.CreateAsync(broker, s =>
        {
            s["Logging:LogLevel:Default"] = "Information";
            s["Logging:LogLevel:FanPass"] = "Debug";
        });
        scenario.ConfigureWorker = telemetry.Configure;
        await scenario.StartWorkerAsync();

        var secrets = new List<string> { scenario.Emulator.ApiToken };
        var inputIds = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            var user = $"pvt-user-4b1e9d-{i % 8}";
            var value = $"pvt-value-c07a55-{i}";
            secrets.Add(user);
            secrets.Add(value);
            var e = Inputs.Attributes(user, i, ("custom.loyalty_tier", JsonValue.Create(value)));
            inputIds.Add(e.EventId);
            await scenario.Upstream.Publish(e);
        }

        // An invalid event (bad attribute key) and a segment snapshot, whose members are user ids too.
        var invalid = Inputs.Attributes("pvt-user-4b1e9d-invalid", 100, ("bad key with spaces", JsonValue.Create("pvt-value-c07a55-invalid")));
        secrets.Add("pvt-user-4b1e9d-invalid");
        secrets.Add("pvt-value-c07a55-invalid");
        inputIds.Add(invalid.EventId);
        await scenario.Upstream.Publish(invalid);
        var members = Enumerable.Range(0, 5).Select(i => $"pvt-member-e5f0a2-{i}").ToList();
        secrets.AddRange(members);
        var segment = Inputs.Segment("privacy-segment", 200, members);
        inputIds.Add(segment.RequestId);
        await scenario.Upstream.Publish(segment);

        await scenario.Outcomes.WaitForInputsAsync(inputIds, TimeSpan.FromSeconds(60));
        await Task.Delay(300);
        TelemetryCapture.Flush(scenario.Worker!.Services);
        Assert.Single(scenario.Outcomes.OfType<UserAttributesUpdateFailed>());

        var spans = telemetry.SpansSnapshot();
        var exported = new List<(string Where, string Text)>();
        foreach (var span in spans)
        {
            exported.Add(($"span {span.OperationName}", span.OperationName + " " + span.DisplayName + " " + span.StatusDescription));
            exported.AddRange(span.TagObjects.Select(t => ($"span {span.OperationName} tag {t.Key}", $"{t.Key}={t.Value}")));
            exported.AddRange(span.Baggage.Select(b => ($"span {span.OperationName} baggage {b.Key}", $"{b.Key}={b.Value}")));
            exported.AddRange(span.Events.SelectMany(ev => ev.Tags.Select(t => ($"span {span.OperationName} event {ev.Name}", $"{ev.Name} {t.Key}={t.Value}"))));
            exported.AddRange(span.Links.SelectMany(l => (l.Tags ?? []).Select(t => ($"span {span.OperationName} link", $"{t.Key}={t.Value}"))));
        }

        List<OpenTelemetry.Metrics.MetricSnapshot> metrics;
        lock (telemetry.Metrics)
        {
            metrics = [.. telemetry.Metrics];
        }

        foreach (var metric in metrics)
        {
            exported.Add(($"metric {metric.Name}", metric.Name + " " + metric.Description + " " + metric.Unit));
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    exported.Add(($"metric {metric.Name} tag {tag.Key}", $"{tag.Key}={tag.Value}"));
                }
            }
        }

        var logs = telemetry.Logs.Where(l => l.Level >= LogLevel.Information).ToList();
        exported.AddRange(logs.Select(l => ($"log {l.Level} {l.Category}", l.Text)));

        var leaks = exported
            .SelectMany(e => secrets.Where(secret => e.Text.Contains(secret, StringComparison.Ordinal)).Select(secret => $"{e.Where}: '{secret}' in {e.Text}"))
            .Distinct()
            .ToList();
        output.WriteLine($"scanned {spans.Length} spans, {metrics.Count} metric snapshots, {logs.Count} log records (>= Information), {telemetry.Logs.Count} in all; {secrets.Count} secrets");
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks.Take(20)));

        // The scan is meaningful: the run did export the batch spans, the metrics and some logs.
        Assert.Contains(spans, s => s.OperationName == PipelineTelemetry.AttributeBatchSpan);
        Assert.Contains(spans, s => s.OperationName == PipelineTelemetry.SegmentBatchSpan);
        Assert.Contains(metrics, m => m.Name == "fanpass.outcomes");
        Assert.NotEmpty(logs);
    }
}
