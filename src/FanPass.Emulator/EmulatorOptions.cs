namespace FanPass.Emulator;

/// <summary>
/// Settings of the emulator. Bound from the configuration section <c>Emulator</c>
/// (for example the environment variable <c>Emulator__ApiToken</c>), then adjusted by the
/// optional <c>configure</c> callback of <see cref="EmulatorApp"/>.
/// </summary>
public sealed class EmulatorOptions
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "Emulator";

    /// <summary>The only bearer token accepted on <c>/api/*</c>. Development value by default.</summary>
    public string ApiToken { get; set; } = "dev-token";

    /// <summary>
    /// Path prefix of the admin API. The admin API has no authentication: only bind the emulator to loopback
    /// (or a private network) in practice.
    /// </summary>
    public string AdminPrefix { get; set; } = "/_admin";

    /// <summary>How many recent API requests are kept for inspection (ring buffer).</summary>
    public int MaxRecordedRequests { get; set; } = 10_000;

    /// <summary>Seed of the random source used by rate-based faults; null = non-deterministic.</summary>
    public int? RandomSeed { get; set; }

    /// <summary>Largest accepted request body in bytes (Kestrel limit); null = unlimited.</summary>
    public long? MaxRequestBodyBytes { get; set; } = 1L * 1024 * 1024 * 1024;

    /// <summary>Longest accepted segment name.</summary>
    public int MaxSegmentNameLength { get; set; } = 200;

    /// <summary>Faults active from start-up (optional; the admin API can change them later).</summary>
    public FaultSettings? InitialFaults { get; set; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ApiToken))
        {
            throw new InvalidOperationException("Emulator:ApiToken must not be empty.");
        }

        if (string.IsNullOrEmpty(AdminPrefix) || AdminPrefix[0] != '/' || AdminPrefix.Length < 2 || AdminPrefix.EndsWith('/'))
        {
            throw new InvalidOperationException("Emulator:AdminPrefix must start with '/' and must not end with '/' (e.g. /_admin).");
        }

        if (AdminPrefix.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("Emulator:AdminPrefix must not be under /api.");
        }

        if (MaxRecordedRequests < 1)
        {
            throw new InvalidOperationException("Emulator:MaxRecordedRequests must be at least 1.");
        }

        if (MaxSegmentNameLength < 1)
        {
            throw new InvalidOperationException("Emulator:MaxSegmentNameLength must be at least 1.");
        }

        if (InitialFaults?.Validate() is { } error)
        {
            throw new InvalidOperationException($"Emulator:InitialFaults: {error}");
        }
    }
}
