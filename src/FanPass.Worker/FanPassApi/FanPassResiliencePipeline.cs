using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace FanPass.Worker.FanPassApi;

/// <summary>
/// Builds the FanPass resilience pipeline, outermost first:
/// total timeout -> retry -> circuit breaker -> adaptive concurrency -> attempt timeout.
/// <para>
/// Why <c>AddResilienceHandler</c> (Microsoft.Extensions.Http.Resilience) rather than a hand-run
/// <c>ResiliencePipeline&lt;HttpResponseMessage&gt;</c>: it is the same Polly 8 pipeline, but it lives in the
/// HttpClient handler chain, so each attempt passes through the inner handlers (attempt counting, HttpClient
/// instrumentation spans per attempt), the pipeline is a registry singleton (one circuit breaker per host, as it
/// must be), and Polly's own telemetry/enrichment comes for free. We do not take its standard pipeline: its
/// Retry-After handling reads the system clock, and we need our own classification and ordering.
/// </para>
/// </summary>
internal static class FanPassResiliencePipeline
{
    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> builder,
        FanPassResilienceOptions options,
        TimeProvider timeProvider,
        AdaptiveConcurrencyLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(limiter);

        // Polly.Extensions already takes the TimeProvider from DI when one is registered; set it explicitly so
        // delays, timeouts and the breaker's sampling all follow the same (possibly fake) clock regardless.
        builder.TimeProvider = timeProvider;

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "fanpass-total-timeout",
            Timeout = options.TotalTimeout,
            TimeoutGenerator = args => ValueTask.FromResult(IsUpload(args.Context) ? options.UploadTotalTimeout : options.TotalTimeout),
        });

        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "fanpass-retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options, timeProvider)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfterDelay(args.Outcome, timeProvider)),
            });
        }

        var breaker = options.CircuitBreaker;
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            Name = "fanpass-circuit-breaker",
            FailureRatio = breaker.FailureRatio,
            MinimumThroughput = breaker.MinimumThroughput,
            SamplingDuration = breaker.SamplingDuration,
            BreakDuration = breaker.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsOutage(args.Outcome)),
        });

        builder.AddStrategy(_ => new AdaptiveConcurrencyStrategy(limiter, timeProvider, options.MaxRetryAfter), new AdaptiveConcurrencyStrategyOptions());

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "fanpass-attempt-timeout",
            Timeout = options.AttemptTimeout,
            TimeoutGenerator = args => ValueTask.FromResult(IsUpload(args.Context) ? options.UploadAttemptTimeout : options.AttemptTimeout),
        });
    }

    /// <summary>Set on the resilience context of a CSV upload: it gets the upload timeouts and its latency is not a congestion signal.</summary>
    internal static readonly ResiliencePropertyKey<bool> UploadKey = new("FanPass.Upload");

    internal static bool IsUpload(ResilienceContext context) => context.Properties.GetValue(UploadKey, false);

    /// <summary>Transient outcomes are retried, except a Retry-After longer than <c>MaxRetryAfter</c>: the call ends instead of sleeping.</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, FanPassResilienceOptions options, TimeProvider timeProvider) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } when FanPassStatusClassifier.IsTransient(response.StatusCode) =>
            !FanPassRetryAfter.TryGet(response, timeProvider, out var retryAfter) || retryAfter <= options.MaxRetryAfter,
        _ => false,
    };

    /// <summary>The breaker counts outages only: never 4xx rejections, 401/403 or 429.</summary>
    internal static bool IsOutage(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => FanPassStatusClassifier.IsOutage(response.StatusCode),
        _ => false,
    };

    /// <summary>Retry-After (either form, against <paramref name="timeProvider"/>) when FanPass sent one; else null, so Polly's jittered backoff applies.</summary>
    internal static TimeSpan? RetryAfterDelay(Outcome<HttpResponseMessage> outcome, TimeProvider timeProvider) =>
        outcome.Result is { } response && FanPassRetryAfter.TryGet(response, timeProvider, out var retryAfter)
            ? retryAfter
            : null;
}
