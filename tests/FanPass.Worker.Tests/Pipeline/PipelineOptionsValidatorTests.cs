using FanPass.Worker.Pipeline;

namespace FanPass.Worker.Tests.Pipeline;

public sealed class PipelineOptionsValidatorTests
{
    private static readonly PipelineOptionsValidator Validator = new();

    private static void AssertFailsWith(Microsoft.Extensions.Options.ValidateOptionsResult result, string key)
    {
        Assert.True(result.Failed, $"expected a failure naming {key}");
        Assert.NotNull(result.Failures);
        Assert.Contains(result.Failures, f => f.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DefaultWorkerOptions_Succeeds()
    {
        Assert.True(Validator.Validate(null, new WorkerOptions()).Succeeded);
    }

    [Fact]
    public void Validate_DefaultBatchingOptions_Succeeds()
    {
        Assert.True(Validator.Validate(null, new BatchingOptions()).Succeeded);
    }

    public static TheoryData<string, Action<WorkerOptions>> BadWorkerOptions() => new()
    {
        { "Worker:SegmentQueue", o => o.SegmentQueue = "" },
        { "Worker:SegmentQueue", o => o.SegmentQueue = "  " },
        { "Worker:AttributesQueue", o => o.AttributesQueue = "" },
        { "Worker:AttributesQueue", o => o.AttributesQueue = o.SegmentQueue },
        { "Worker:MaxDeliveryAttempts", o => o.MaxDeliveryAttempts = 0 },
        { "Worker:MaxDeliveryAttempts", o => o.MaxDeliveryAttempts = -1 },
        { "Worker:MaxDeliveryAttempts", o => o.MaxDeliveryAttempts = 101 },
        { "Worker:AuthPauseDuration", o => o.AuthPauseDuration = TimeSpan.Zero },
        { "Worker:AuthPauseDuration", o => o.AuthPauseDuration = TimeSpan.FromSeconds(-1) },
        { "Worker:OutagePauseDuration", o => o.OutagePauseDuration = TimeSpan.Zero },
        { "Worker:OutagePauseDuration", o => o.OutagePauseDuration = TimeSpan.FromSeconds(-1) },
        { "Worker:ShutdownTimeout", o => o.ShutdownTimeout = TimeSpan.Zero },
        { "Worker:MaxSegmentNameLength", o => o.MaxSegmentNameLength = 0 },
        { "Worker:MaxSegmentNameLength", o => o.MaxSegmentNameLength = 10_001 },
        { "Worker:MaxSegmentUserIds", o => o.MaxSegmentUserIds = 0 },
        { "Worker:MaxUserIdLength", o => o.MaxUserIdLength = 0 },
        { "Worker:MaxAttributesPerEvent", o => o.MaxAttributesPerEvent = 0 },
    };

    [Theory]
    [MemberData(nameof(BadWorkerOptions))]
    public void Validate_BadWorkerValue_FailsNamingKey(string key, Action<WorkerOptions> spoil)
    {
        var options = new WorkerOptions();
        spoil(options);

        AssertFailsWith(Validator.Validate(null, options), key);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void Validate_MaxDeliveryAttemptsAtBounds_Succeeds(int attempts)
    {
        Assert.True(Validator.Validate(null, new WorkerOptions { MaxDeliveryAttempts = attempts }).Succeeded);
    }

    [Fact]
    public void Validate_SeveralBadWorkerValues_ReportsEach()
    {
        var result = Validator.Validate(null, new WorkerOptions { MaxDeliveryAttempts = 0, MaxUserIdLength = 0 });

        AssertFailsWith(result, "Worker:MaxDeliveryAttempts");
        AssertFailsWith(result, "Worker:MaxUserIdLength");
    }

    public static TheoryData<string, Action<BatchingOptions>> BadBatchingOptions() => new()
    {
        { "Batching:Segments", o => o.Segments = null! },
        { "Batching:Attributes", o => o.Attributes = null! },
        { "Batching:Segments:MessageLimit", o => o.Segments.MessageLimit = 0 },
        { "Batching:Segments:MessageLimit", o => o.Segments.MessageLimit = 10_001 },
        { "Batching:Attributes:MessageLimit", o => o.Attributes.MessageLimit = 0 },
        { "Batching:Attributes:MessageLimit", o => o.Attributes.MessageLimit = 10_001 },
        { "Batching:Segments:TimeLimit", o => o.Segments.TimeLimit = TimeSpan.Zero },
        { "Batching:Segments:TimeLimit", o => o.Segments.TimeLimit = TimeSpan.FromMinutes(5).Add(TimeSpan.FromTicks(1)) },
        { "Batching:Attributes:TimeLimit", o => o.Attributes.TimeLimit = TimeSpan.FromMilliseconds(-1) },
        { "Batching:Attributes:TimeLimit", o => o.Attributes.TimeLimit = TimeSpan.FromHours(1) },
        { "Batching:Segments:ConcurrencyLimit", o => o.Segments.ConcurrencyLimit = 0 },
        { "Batching:Segments:ConcurrencyLimit", o => o.Segments.ConcurrencyLimit = 65 },
        { "Batching:Attributes:ConcurrencyLimit", o => o.Attributes.ConcurrencyLimit = 0 },
        { "Batching:Attributes:ConcurrencyLimit", o => o.Attributes.ConcurrencyLimit = 65 },
        { "Batching:Attributes:MessageLimit x Batching:Attributes:ConcurrencyLimit", o => { o.Attributes.MessageLimit = 10_000; o.Attributes.ConcurrencyLimit = 7; } },
        { "Batching:Segments:MessageLimit x Batching:Segments:ConcurrencyLimit", o => { o.Segments.MessageLimit = 2_000; o.Segments.ConcurrencyLimit = 64; } },
    };

    [Theory]
    [MemberData(nameof(BadBatchingOptions))]
    public void Validate_BadBatchingValue_FailsNamingKey(string key, Action<BatchingOptions> spoil)
    {
        var options = new BatchingOptions();
        spoil(options);

        AssertFailsWith(Validator.Validate(null, options), key);
    }

    [Fact]
    public void Validate_BatchingAtBounds_Succeeds()
    {
        var options = new BatchingOptions
        {
            Segments = new BatchLimits { MessageLimit = 1, TimeLimit = TimeSpan.FromTicks(1), ConcurrencyLimit = 1 },
            Attributes = new BatchLimits { MessageLimit = 1_000, TimeLimit = TimeSpan.FromMinutes(5), ConcurrencyLimit = 64 },
        };

        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_PrefetchExactlyAtMaximum_Succeeds()
    {
        var options = new BatchingOptions { Attributes = new BatchLimits { MessageLimit = 4_369, ConcurrencyLimit = 15 } }; // 65535

        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_BadSegmentsLimits_DoesNotBlameAttributes()
    {
        var options = new BatchingOptions();
        options.Segments.MessageLimit = 0;

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.DoesNotContain(result.Failures!, f => f.Contains("Batching:Attributes", StringComparison.Ordinal));
    }

    [Fact]
    public void PrefetchCount_IsMessageLimitTimesConcurrency()
    {
        Assert.Equal(300, new BatchLimits { MessageLimit = 100, ConcurrencyLimit = 3 }.PrefetchCount);
    }
}
