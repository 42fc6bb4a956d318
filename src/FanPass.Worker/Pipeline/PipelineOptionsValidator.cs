using Microsoft.Extensions.Options;

namespace FanPass.Worker.Pipeline;

/// <summary>Validates <see cref="WorkerOptions"/> and <see cref="BatchingOptions"/> at start-up; each failure names its key.</summary>
internal sealed class PipelineOptionsValidator : IValidateOptions<WorkerOptions>, IValidateOptions<BatchingOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        var failures = new List<string>();
        Require(failures, !string.IsNullOrWhiteSpace(options.SegmentQueue), "Worker:SegmentQueue must not be empty.");
        Require(failures, !string.IsNullOrWhiteSpace(options.AttributesQueue), "Worker:AttributesQueue must not be empty.");
        Require(failures, !string.Equals(options.SegmentQueue, options.AttributesQueue, StringComparison.Ordinal), "Worker:AttributesQueue must differ from Worker:SegmentQueue.");
        Require(failures, options.MaxDeliveryAttempts is >= 1 and <= 100, "Worker:MaxDeliveryAttempts must be between 1 and 100.");
        Require(failures, options.AuthPauseDuration > TimeSpan.Zero, "Worker:AuthPauseDuration must be positive.");
        Require(failures, options.OutagePauseDuration > TimeSpan.Zero, "Worker:OutagePauseDuration must be positive.");
        Require(failures, options.ShutdownTimeout > TimeSpan.Zero, "Worker:ShutdownTimeout must be positive.");
        Require(failures, options.MaxSegmentNameLength is >= 1 and <= 10_000, "Worker:MaxSegmentNameLength must be between 1 and 10000.");
        Require(failures, options.MaxSegmentUserIds >= 1, "Worker:MaxSegmentUserIds must be at least 1.");
        Require(failures, options.MaxUserIdLength >= 1, "Worker:MaxUserIdLength must be at least 1.");
        Require(failures, options.MaxAttributesPerEvent >= 1, "Worker:MaxAttributesPerEvent must be at least 1.");
        Require(failures, options.OrderingMemoryEntries is >= 1_000 and <= 50_000_000, "Worker:OrderingMemoryEntries must be between 1000 and 50000000.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, BatchingOptions options)
    {
        var failures = new List<string>();
        ValidateLimits(failures, "Batching:Segments", options.Segments);
        ValidateLimits(failures, "Batching:Attributes", options.Attributes);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateLimits(List<string> failures, string key, BatchLimits? limits)
    {
        if (limits is null)
        {
            failures.Add($"{key} must be set.");
            return;
        }

        Require(failures, limits.MessageLimit is >= 1 and <= 10_000, $"{key}:MessageLimit must be between 1 and 10000.");
        Require(failures, limits.TimeLimit > TimeSpan.Zero && limits.TimeLimit <= TimeSpan.FromMinutes(5), $"{key}:TimeLimit must be between 00:00:00 (exclusive) and 00:05:00.");
        Require(failures, limits.ConcurrencyLimit is >= 1 and <= 64, $"{key}:ConcurrencyLimit must be between 1 and 64.");
        Require(failures, (long)limits.MessageLimit * limits.ConcurrencyLimit <= ushort.MaxValue, $"{key}:MessageLimit x {key}:ConcurrencyLimit (the prefetch count) must not exceed 65535.");
    }

    private static void Require(List<string> failures, bool condition, string message)
    {
        if (!condition)
        {
            failures.Add(message);
        }
    }
}
