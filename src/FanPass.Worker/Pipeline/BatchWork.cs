using MassTransit;

namespace FanPass.Worker.Pipeline;

/// <summary>
/// What a batch must put on the broker before MassTransit acknowledges it: outcome events, copies put back on the
/// input queue, and copies moved to <c>_error</c>. All are awaited (publisher confirms) in <see cref="CompleteAsync"/>.
/// Thread-safe: the items of a batch are processed concurrently.
/// </summary>
public sealed class BatchWork
{
    private readonly Lock _gate = new();
    private readonly List<Func<CancellationToken, Task>> _sends = [];
    private readonly Dictionary<string, int> _outcomeCounts = new(StringComparer.Ordinal);

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
            _sends.Add(ct => source.Publish(outcome, publish => publish.CorrelationId = inputId, ct));
        }
    }

    public void Requeue(Func<CancellationToken, Task> send)
    {
        lock (_gate)
        {
            Requeued++;
            _sends.Add(send);
        }
    }

    public void DeadLetter(Func<CancellationToken, Task> send)
    {
        lock (_gate)
        {
            DeadLettered++;
            _sends.Add(send);
        }
    }

    /// <summary>Sends everything and waits for the broker's confirms. Throws if any send failed (the batch is then redelivered).</summary>
    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        Func<CancellationToken, Task>[] sends;
        lock (_gate)
        {
            sends = [.. _sends];
        }

        return Task.WhenAll(sends.Select(send => send(cancellationToken)));
    }
}
