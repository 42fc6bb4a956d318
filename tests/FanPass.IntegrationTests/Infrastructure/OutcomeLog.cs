using System.Collections.Concurrent;
using FanPass.Contracts;
using MassTransit;

namespace FanPass.IntegrationTests.Infrastructure;

/// <summary>Every outcome event the worker published in a scenario, as an upstream subscriber receives it.</summary>
public sealed class OutcomeLog
{
    private readonly ConcurrentQueue<RecordedOutcome> _outcomes = new();

    public IReadOnlyCollection<RecordedOutcome> All => _outcomes.ToArray();

    public IReadOnlyList<T> OfType<T>() where T : class => _outcomes.Select(o => o.Message).OfType<T>().ToList();

    public void Add(object message, Guid? correlationId) => _outcomes.Enqueue(new RecordedOutcome(message, correlationId));

    /// <summary>Input ids named by the outcomes, with how many outcomes named each.</summary>
    public IReadOnlyDictionary<Guid, int> InputIdCounts()
    {
        var counts = new Dictionary<Guid, int>();
        foreach (var outcome in _outcomes)
        {
            foreach (var id in InputIds(outcome.Message))
            {
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }
        }

        return counts;
    }

    public static IEnumerable<Guid> InputIds(object outcome) => outcome switch
    {
        SegmentImportSucceeded s => [s.RequestId],
        SegmentImportSuperseded s => [s.RequestId],
        SegmentImportFailed s => [s.RequestId],
        UserAttributesUpdated u => u.SourceEventIds,
        UserAttributesUpdateFailed u => u.SourceEventIds,
        _ => [],
    };

    /// <summary>Waits until every id in <paramref name="inputIds"/> has an outcome, or fails with what is missing.</summary>
    public async Task WaitForInputsAsync(IEnumerable<Guid> inputIds, TimeSpan timeout)
    {
        var wanted = inputIds.ToHashSet();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var seen = InputIdCounts();
            if (wanted.All(seen.ContainsKey))
            {
                return;
            }

            await Task.Delay(50);
        }

        var missing = wanted.Except(InputIdCounts().Keys).ToList();
        throw new TimeoutException($"{missing.Count} of {wanted.Count} inputs have no outcome after {timeout}; first missing: {string.Join(", ", missing.Take(5))}. Outcomes so far: {_outcomes.Count}.");
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for: {what}");
            }

            await Task.Delay(50);
        }
    }

    public sealed record RecordedOutcome(object Message, Guid? CorrelationId);
}

/// <summary>Subscribes to the five outcome events, like an upstream system would.</summary>
public sealed class OutcomeRecorder(OutcomeLog log) :
    IConsumer<SegmentImportSucceeded>,
    IConsumer<SegmentImportSuperseded>,
    IConsumer<SegmentImportFailed>,
    IConsumer<UserAttributesUpdated>,
    IConsumer<UserAttributesUpdateFailed>
{
    public Task Consume(ConsumeContext<SegmentImportSucceeded> context) => Record(context);

    public Task Consume(ConsumeContext<SegmentImportSuperseded> context) => Record(context);

    public Task Consume(ConsumeContext<SegmentImportFailed> context) => Record(context);

    public Task Consume(ConsumeContext<UserAttributesUpdated> context) => Record(context);

    public Task Consume(ConsumeContext<UserAttributesUpdateFailed> context) => Record(context);

    private Task Record<T>(ConsumeContext<T> context) where T : class
    {
        log.Add(context.Message, context.CorrelationId);
        return Task.CompletedTask;
    }
}
