namespace FanPass.Emulator;

/// <summary>
/// Body of <c>PUT /_admin/faults</c>. Source-generated deserialization treats init-only properties like constructor
/// parameters and would turn omitted ones into 0/null instead of the record's defaults (ErrorStatus = 503),
/// so the admin API reads this settable shape and omitted fields keep <see cref="FaultSettings"/> defaults.
/// </summary>
public sealed class FaultSettingsDocument
{
    public int? LatencyMs { get; set; }

    public double? ErrorRate { get; set; }

    public int? ErrorStatus { get; set; }

    public int? FailNext { get; set; }

    public int? RetryAfterSeconds { get; set; }

    public double? TimeoutRate { get; set; }

    public int? TimeoutNext { get; set; }

    public bool? Unauthorized { get; set; }

    public int? RequestsPerSecond { get; set; }

    public List<string>? RejectUserIds { get; set; }

    public List<string>? RejectSegmentNames { get; set; }

    public FaultSettings ToSettings()
    {
        var defaults = FaultSettings.None;
        return new FaultSettings
        {
            LatencyMs = LatencyMs ?? defaults.LatencyMs,
            ErrorRate = ErrorRate ?? defaults.ErrorRate,
            ErrorStatus = ErrorStatus ?? defaults.ErrorStatus,
            FailNext = FailNext ?? defaults.FailNext,
            RetryAfterSeconds = RetryAfterSeconds ?? defaults.RetryAfterSeconds,
            TimeoutRate = TimeoutRate ?? defaults.TimeoutRate,
            TimeoutNext = TimeoutNext ?? defaults.TimeoutNext,
            Unauthorized = Unauthorized ?? defaults.Unauthorized,
            RequestsPerSecond = RequestsPerSecond ?? defaults.RequestsPerSecond,
            RejectUserIds = RejectUserIds ?? [],
            RejectSegmentNames = RejectSegmentNames ?? [],
        };
    }
}
