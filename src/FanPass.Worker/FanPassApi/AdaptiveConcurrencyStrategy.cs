using Polly;
using Polly.Timeout;

namespace FanPass.Worker.FanPassApi;

/// <summary>
/// Polly strategy that holds a slot of the <see cref="AdaptiveConcurrencyLimiter"/> for one HTTP attempt.
/// It sits inside retry and circuit breaker and outside the attempt timeout, so a call sleeping in backoff
/// (or honouring a Retry-After) holds no slot, the wait for a slot does not eat into the attempt timeout,
/// and every attempt's status and latency feed the limiter directly. A <c>Retry-After</c> on a 429/503 holds every
/// new attempt back (up to <c>FanPass:Resilience:MaxRetryAfter</c>), not only the retry of the call that got it.
/// </summary>
internal sealed class AdaptiveConcurrencyStrategy(AdaptiveConcurrencyLimiter limiter, TimeProvider timeProvider, TimeSpan maxHoldOff) : ResilienceStrategy<HttpResponseMessage>
{
    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        long start;
        try
        {
            await limiter.WaitForHoldOffAsync(context.CancellationToken);
            start = await limiter.AcquireAsync(context.CancellationToken);
        }
        catch (OperationCanceledException ex)
        {
            return Outcome.FromException<HttpResponseMessage>(ex);
        }

        var signal = ConcurrencySignal.Neutral;
        try
        {
            var outcome = await callback(context, state);
            if (outcome.Result is { } answer
                && FanPassStatusClassifier.IsCongestion(answer.StatusCode)
                && FanPassRetryAfter.TryGet(answer, timeProvider, out var retryAfter))
            {
                limiter.HoldOff(retryAfter < maxHoldOff ? retryAfter : maxHoldOff);
            }

            signal = outcome switch
            {
                { Exception: TimeoutRejectedException } => ConcurrencySignal.Congested,
                { Result: { } response } when FanPassStatusClassifier.IsCongestion(response.StatusCode) => ConcurrencySignal.Congested,
                { Result: { } response } when (int)response.StatusCode < 500 && !FanPassStatusClassifier.IsUnauthorized(response.StatusCode) => ConcurrencySignal.Healthy,
                _ => ConcurrencySignal.Neutral,
            };
            return outcome;
        }
        finally
        {
            limiter.Release(start, signal, measureLatency: !FanPassResiliencePipeline.IsUpload(context));
        }
    }
}
