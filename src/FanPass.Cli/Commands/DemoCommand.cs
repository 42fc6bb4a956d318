using System.Diagnostics;
using FanPass.Contracts;
using FanPass.Emulator;
using FanPass.Worker.Hosting;
using MassTransit;

namespace FanPass.Cli.Commands;

/// <summary>
/// The real pipeline with no infrastructure: the FanPass emulator on a loopback port, the worker host with its
/// real consumers, coalescing, FanPass client and resilience, on MassTransit's in-memory transport.
/// </summary>
internal static class DemoCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var events = Args.Int(args, "--events", 2000);
        var users = Args.Int(args, "--users", 50);

        await using var emulator = await EmulatorApp.StartAsync(0, o => o.ApiToken = "demo-token-" + Guid.NewGuid().ToString("N"));
        // One user is rejected by FanPass (422), to show a failure that stays with its item.
        emulator.State.Faults = new FaultSettings { RejectUserIds = ["fan-00013"], FailNext = 3, ErrorStatus = 503 };
        Console.WriteLine($"FanPass emulator on {emulator.BaseAddress} (3 injected 503s, user fan-00013 rejected with 422)");

        var collector = new OutcomeCollector();
        await using var worker = WorkerHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Worker:Transport"] = "InMemory",
                ["FanPass:BaseUrl"] = emulator.BaseAddress.ToString(),
                ["FanPass:ApiToken"] = emulator.ApiToken,
                ["Health:Port"] = "0",
                ["Health:BindAddress"] = "127.0.0.1",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Polly"] = "Error",
            });
        });
        await worker.StartAsync();
        var bus = worker.Services.GetRequiredService<IBus>();
        using var observer = bus.ConnectPublishObserver(collector);

        var attributeEvents = SampleWorkload.AttributeEvents(events, users);
        var segments = SampleWorkload.Segments(9);
        var invalid = new UserAttributesChanged { EventId = Guid.NewGuid(), UserId = "fan-00001", OccurredAt = DateTimeOffset.UtcNow, Attributes = new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["loyalty_tier"] = "gold" } };
        var inputs = attributeEvents.Count + segments.Count + 1;
        Console.WriteLine($"Publishing {attributeEvents.Count} UserAttributesChanged over {users} users, {segments.Count} SegmentImportRequested over 3 segments, 1 invalid event...");

        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(attributeEvents.Select(message => bus.Publish(message)).Concat(segments.Select(segment => bus.Publish(segment))));

        await bus.Publish(invalid);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (collector.InputsAnswered < inputs && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        stopwatch.Stop();
        await worker.StopAsync();

        Console.WriteLine();
        Console.WriteLine($"inputs: {inputs}, answered: {collector.InputsAnswered} in {stopwatch.Elapsed.TotalSeconds:F2} s");
        Console.WriteLine($"FanPass calls: POST /api/v1/users {emulator.State.RequestCount("POST /api/v1/users")}, POST /api/v1/segments {emulator.State.RequestCount("POST /api/v1/segments")}");
        foreach (var group in collector.Outcomes.GroupBy(o => o.GetType().Name).OrderBy(g => g.Key))
        {
            Console.WriteLine($"  {group.Key,-28} {group.Count(),6}");
        }

        foreach (var failed in collector.Outcomes.OfType<UserAttributesUpdateFailed>().GroupBy(f => (f.ErrorCode, f.Reason)))
        {
            Console.WriteLine($"  {failed.Count()} x UserAttributesUpdateFailed [{failed.Key.ErrorCode}] {failed.Key.Reason}");
        }

        var coalesced = collector.Outcomes.OfType<UserAttributesUpdated>().Where(u => u.Attempts > 0).Sum(u => u.SourceEventIds.Count);
        var calls = emulator.State.RequestCount("POST /api/v1/users");
        Console.WriteLine($"coalescing: {attributeEvents.Count} attribute events -> {calls} FanPass user calls ({attributeEvents.Count / (double)Math.Max(1, calls):F2} events per call)");

        Console.WriteLine($"FanPass now holds {emulator.State.UserCount} users and {emulator.State.SegmentCount} segments:");
        foreach (var name in emulator.State.SegmentNames.Order(StringComparer.Ordinal))
        {
            var newest = segments.Where(s => s.SegmentName == name).MaxBy(s => s.RequestedAt)!;
            Console.WriteLine($"  {name}: {emulator.State.GetSegment(name)?.Count} members (newest snapshot had {newest.UserIds.Distinct().Count()} distinct)");
        }

        return collector.InputsAnswered == inputs ? 0 : 1;
    }
}
