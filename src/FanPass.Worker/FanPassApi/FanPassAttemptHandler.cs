namespace FanPass.Worker.FanPassApi;

/// <summary>
/// Innermost handler (inside the resilience handler, so it runs once per HTTP attempt): counts attempts
/// and remembers the last Retry-After for the call's result.
/// </summary>
internal sealed class FanPassAttemptHandler(TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(FanPassAttemptState.Key, out var state);
        state?.OnAttempt();

        var response = await base.SendAsync(request, cancellationToken);
        if (state is not null && FanPassRetryAfter.TryGet(response, timeProvider, out var retryAfter))
        {
            state.LastRetryAfter = retryAfter;
        }

        return response;
    }
}
