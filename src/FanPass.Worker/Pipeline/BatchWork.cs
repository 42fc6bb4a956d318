using FanPass.Worker.Diagnostics;
using MassTransit;
using Polly;

namespace FanPass.Worker.Pipeline;

/// <summary>
/// What a batch must put on the broker before MassTransit acknowledges it: outcome events, copies put back on the
/// input queue, and copies moved to <c>_error</c>. All are awaited (publisher confirms) in <see cref="CompleteAsync"/>.
/// Thread-safe: the items of a batch are processed concurrently.
/// </summary>
public sealed class BatchWork
{
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly List<Func<CancellationToken, Task>> _copies = [];
    private readonly List<Func<CancellationToken, Task>> _outcomes = [];
    private readonly Dictionary<string, int> _outcomeCounts = new(StringComparer.Ordinal);
    private int _fanPassCalls;
    private int _fanPassInputs;

    /// <param name="messageType">The input type's name, for telemetry.</param>
    /// <param name="timeProvider">Clock of the end-to-end latency metric; the system clock when null.</param>
    public BatchWork(string messageType = "", TimeProvider? timeProvider = null)
    {
        MessageType = messageType;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The input type's name (telemetry tag).</summary>
    public string MessageType { get; }

    /// <summary>FanPass calls made by this batch.</summary>
    public int FanPassCalls => Volatile.Read(ref _fanPassCalls);

    /// <summary>Input messages whose data those calls carried.</summary>
    public int FanPassInputs => Volatile.Read(ref _fanPassInputs);

    /// <summary>Outcome events by type name, for logs and tests.</summary>
    public IReadOnlyDictionary<string, int> OutcomeCounts
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, int>(_outcomeCounts, StringComparer.Ordinal);
            }
        }
    }

    public int Requeued { get; private set; }

    public int DeadLettered { get; private set; }

    /// <summary>Publishes <paramref name="outcome"/> in the context of the input it answers, with CorrelationId = the input id.</summary>
    public void Outcome<TOutcome>(ConsumeContext source, TOutcome outcome, Guid inputId)
        where TOutcome : class
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_gate)
        {
            _outcomeCounts[typeof(TOutcome).Name] = _outcomeCounts.GetValueOrDefault(typeof(TOutcome).Name) + 1;
            _outcomes.Add(async ct =>
            {
                await source.Publish(outcome, publish => publish.CorrelationId = inputId, ct);
                PipelineTelemetry.OutcomePublished(outcome, source, _timeProvider);
            });
        }
    }

    /// <summary>Records one FanPass call carrying the data of <paramref name="inputs"/> input messages (coalescing telemetry).</summary>
    public void FanPassCalled(int inputs)
    {
        Interlocked.Increment(ref _fanPassCalls);
        Interlocked.Add(ref _fanPassInputs, inputs);
    }

    public void Requeue(Func<CancellationToken, Task> send)
    {
        lock (_gate)
        {
            Requeued++;
            _copies.Add(send);
        }
    }

    public void DeadLetter(Func<CancellationToken, Task> send)
    {
        lock (_gate)
        {
            DeadLettered++;
            _copies.Add(send);
        }
    }

    /// <summary>
    /// Sends everything and waits for the broker's confirms: first the copies (back to the queue, or to <c>_error</c>),
    /// then the outcomes, so a <c>fanpass_unavailable</c> outcome is never seen before its original is safe in
    /// <c>_error</c>.
    /// </summary>
    /// <remarks>
    /// Each send goes through <paramref name="sendPipeline"/> (retries with backoff and an overall timeout) on its own,
    /// so a send that failed is retried alone and nothing already confirmed is sent twice. It deliberately does not
    /// take the consumer's cancellation token: once FanPass has answered, a shutdown must not cut the batch between
    /// its copies and its outcomes. If a send still fails, the exception faults the batch: MassTransit then returns it
    /// (connection lost) or moves it to <c>_error</c>; outcomes may then repeat on replay, none goes missing.
    /// </remarks>
    public async Task CompleteAsync(ResiliencePipeline sendPipeline)
    {
        ArgumentNullException.ThrowIfNull(sendPipeline);
        Func<CancellationToken, Task>[] copies;
        Func<CancellationToken, Task>[] outcomes;
        lock (_gate)
        {
            copies = [.. _copies];
            outcomes = [.. _outcomes];
        }

        await Task.WhenAll(copies.Select(send => sendPipeline.ExecuteAsync(static async (send, ct) => await send(ct), send, CancellationToken.None).AsTask()));
        await Task.WhenAll(outcomes.Select(send => sendPipeline.ExecuteAsync(static async (send, ct) => await send(ct), send, CancellationToken.None).AsTask()));
    }
}
