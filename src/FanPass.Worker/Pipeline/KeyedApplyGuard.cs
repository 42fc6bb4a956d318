namespace FanPass.Worker.Pipeline;

/// <summary>
/// Serializes FanPass calls that touch the same key (a segment name, a user id) across concurrent batches, with
/// striped async locks. Together with <see cref="AppliedWatermarks"/> it keeps an older snapshot or attribute value,
/// redelivered or consumed by a parallel batch, from landing after a newer one.
/// </summary>
/// <remarks>
/// A stripe is held for the whole FanPass call, retries and Retry-After waits included, so an unrelated key that
/// hashes to the same stripe waits too: with 1024 stripes and at most a few hundred keys in flight that is rare, and
/// it never deadlocks (each call takes exactly one stripe and takes nothing else while holding it).
/// </remarks>
public sealed class KeyedApplyGuard : IDisposable
{
    private readonly SemaphoreSlim[] _stripes;

    public KeyedApplyGuard(int stripes = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stripes, 1);
        _stripes = new SemaphoreSlim[stripes];
        for (var i = 0; i < stripes; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    public async ValueTask<Releaser> LockAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        return new Releaser(stripe);
    }

    public void Dispose()
    {
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }

    /// <summary>Releases the stripe when disposed.</summary>
    public readonly struct Releaser(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
