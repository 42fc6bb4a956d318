namespace FanPass.Worker.Pipeline;

/// <summary>Pipeline behaviour, bound from the <c>Worker</c> section.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary><c>RabbitMq</c> (default), or <c>InMemory</c> for the no-infrastructure demo only.</summary>
    public string Transport { get; set; } = "RabbitMq";

    /// <summary>Input queue of <c>SegmentImportRequested</c>.</summary>
    public string SegmentQueue { get; set; } = "fanpass-segment-import";

    /// <summary>Input queue of <c>UserAttributesChanged</c>.</summary>
    public string AttributesQueue { get; set; } = "fanpass-user-attributes";

    /// <summary>
    /// Deliveries of one input that may end in "FanPass unavailable" before it fails with <c>fanpass_unavailable</c>
    /// and its original goes to the <c>_error</c> queue. Each delivery already retries with backoff (FanPass:Resilience).
    /// </summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>How long consumption stays paused after FanPass answered 401/403 before it is tried again.</summary>
    public TimeSpan AuthPauseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long consumption stays paused after the FanPass circuit breaker opened (an outage).</summary>
    public TimeSpan OutagePauseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>On SIGTERM: how long in-flight batches may take to finish before the host gives up.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest segment name accepted.</summary>
    public int MaxSegmentNameLength { get; set; } = 200;

    /// <summary>Most user ids in one segment snapshot.</summary>
    public int MaxSegmentUserIds { get; set; } = 5_000_000;

    /// <summary>Longest user id accepted.</summary>
    public int MaxUserIdLength { get; set; } = 256;

    /// <summary>
    /// Keys (segments, user + attribute) whose newest applied timestamp is remembered so that an older input arriving
    /// later is not applied over a newer one; about 250 bytes each. The oldest are forgotten first.
    /// </summary>
    public int OrderingMemoryEntries { get; set; } = 500_000;

    /// <summary>Most attributes in one <c>UserAttributesChanged</c>.</summary>
    public int MaxAttributesPerEvent { get; set; } = 200;
}
