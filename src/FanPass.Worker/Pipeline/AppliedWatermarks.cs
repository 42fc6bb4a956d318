using System.Collections.Concurrent;

namespace FanPass.Worker.Pipeline;

/// <summary>
/// The newest timestamp already applied to FanPass per key (segment name, or user id + attribute key), with the
/// input that carried it. In memory and bounded (<c>Worker:OrderingMemoryEntries</c>; roughly 250 bytes an entry):
/// after a restart, or for a key evicted from a full table, it simply knows nothing, and the batch's own coalescing
/// still orders what arrives together.
/// </summary>
public sealed class AppliedWatermarks
{
    private readonly ConcurrentDictionary<string, Watermark> _applied = new(StringComparer.Ordinal);
    private readonly int _capacity;
    private readonly Lock _evicting = new();
    private int _count;

    public AppliedWatermarks(int capacity = 1_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Keys remembered now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The newest applied timestamp of <paramref name="key"/>, if known.</summary>
    public bool TryGet(string key, out Watermark watermark) => _applied.TryGetValue(key, out watermark);

    /// <summary>Records that <paramref name="at"/> (from <paramref name="sourceId"/>) was applied to <paramref name="key"/>, unless a newer one was.</summary>
    public void Advance(string key, DateTimeOffset at, Guid sourceId)
    {
        var watermark = new Watermark(at, sourceId);
        while (true)
        {
            if (_applied.TryGetValue(key, out var current))
            {
                if (at < current.At || _applied.TryUpdate(key, watermark, current))
                {
                    return;
                }

                continue; // raced with another update of the key
            }

            if (Volatile.Read(ref _count) >= _capacity)
            {
                Evict();
            }

            if (_applied.TryAdd(key, watermark))
            {
                Interlocked.Increment(ref _count);
                return;
            }
        }
    }

    /// <summary>Full: forget the oldest-applied hundredth of the table (one pass, amortized over as many inserts).</summary>
    private void Evict()
    {
        lock (_evicting)
        {
            if (Volatile.Read(ref _count) < _capacity)
            {
                return; // another thread made room
            }

            var victims = Math.Max(1, _capacity / 100);
            foreach (var (key, _) in _applied.OrderBy(entry => entry.Value.At).Take(victims).ToList())
            {
                if (_applied.TryRemove(key, out _))
                {
                    Interlocked.Decrement(ref _count);
                }
            }
        }
    }

    /// <summary>A timestamp applied to a key and the input it came from.</summary>
    public readonly record struct Watermark(DateTimeOffset At, Guid SourceId);
}
