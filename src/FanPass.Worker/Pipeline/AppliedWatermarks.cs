using System.Collections.Concurrent;

namespace FanPass.Worker.Pipeline;

/// <summary>
/// The newest timestamp already applied to FanPass per key (segment name, or user id + attribute key), with the
/// input that carried it. In memory and bounded: after a restart, or for a key evicted from a full table, it simply
/// knows nothing, and the batch's own coalescing still orders what arrives together.
/// </summary>
public sealed class AppliedWatermarks(int capacity = 1_000_000)
{
    private readonly ConcurrentDictionary<string, Watermark> _applied = new(StringComparer.Ordinal);

    /// <summary>The newest applied timestamp of <paramref name="key"/>, if known.</summary>
    public bool TryGet(string key, out Watermark watermark) => _applied.TryGetValue(key, out watermark);

    /// <summary>Records that <paramref name="at"/> (from <paramref name="sourceId"/>) was applied to <paramref name="key"/>, unless a newer one was.</summary>
    public void Advance(string key, DateTimeOffset at, Guid sourceId)
    {
        if (_applied.Count >= capacity && !_applied.ContainsKey(key))
        {
            // Full: forget an arbitrary older entry rather than grow without bound.
            foreach (var victim in _applied.Keys.Take(Math.Max(1, capacity / 100)))
            {
                _applied.TryRemove(victim, out _);
            }
        }

        _applied.AddOrUpdate(key, new Watermark(at, sourceId), (_, current) => at >= current.At ? new Watermark(at, sourceId) : current);
    }

    /// <summary>A timestamp applied to a key and the input it came from.</summary>
    public readonly record struct Watermark(DateTimeOffset At, Guid SourceId);
}
