using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace FanPass.Emulator;

/// <summary>
/// Applies <see cref="FaultSettings"/> to authenticated <c>/api/*</c> requests, in this order: Unauthorized,
/// rate limit, timeouts, latency, errors (FailNext then ErrorRate). Item rejects are applied by the endpoints.
/// </summary>
internal sealed class FaultInjectionMiddleware(
    RequestDelegate next,
    EmulatorState state,
    IHostApplicationLifetime lifetime,
    ILogger<FaultInjectionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var faults = state.ActiveFaults;
        if (faults.IsEmpty)
        {
            await next(context);
            return;
        }

        var settings = faults.Settings;
        if (settings.Unauthorized)
        {
            Mark(context, "unauthorized");
            await BearerTokenMiddleware.WriteUnauthorizedAsync(context, "The token has been revoked.", invalidToken: true);
            return;
        }

        if (!faults.TryAcquireRatePermit())
        {
            Mark(context, "rate_limited");
            context.Response.Headers[HeaderNames.RetryAfter] = "1";
            await ApiResponses.WriteErrorAsync(
                context,
                StatusCodes.Status429TooManyRequests,
                new ApiError("rate_limited", $"More than {settings.RequestsPerSecond} requests per second."));
            return;
        }

        if (faults.TryConsumeTimeoutNext() || (settings.TimeoutRate > 0 && state.NextDouble() < settings.TimeoutRate))
        {
            Mark(context, "timeout");
            await NeverAnswerAsync(context);
            return;
        }

        if (settings.LatencyMs > 0)
        {
            Mark(context, "latency");
            await Task.Delay(TimeSpan.FromMilliseconds(settings.LatencyMs), state.TimeProvider, context.RequestAborted);
        }

        if (faults.TryConsumeFailNext() || (settings.ErrorRate > 0 && state.NextDouble() < settings.ErrorRate))
        {
            Mark(context, "error");
            var status = settings.ErrorStatus;
            if (settings.RetryAfterSeconds is { } retryAfter && status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
            {
                context.Response.Headers[HeaderNames.RetryAfter] = retryAfter.ToString(CultureInfo.InvariantCulture);
            }

            await ApiResponses.WriteErrorAsync(context, status, new ApiError("injected_fault", $"Injected fault: HTTP {status}."));
            return;
        }

        await next(context);
    }

    private async Task NeverAnswerAsync(HttpContext context)
    {
        // Wait until the client gives up (or the emulator stops); the request is then recorded as 499.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, state.TimeProvider, linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            if (!context.RequestAborted.IsCancellationRequested)
            {
                context.Abort(); // the emulator is stopping: drop the connection rather than answer
            }
        }
    }

    private void Mark(HttpContext context, string fault)
    {
        context.Features.Get<RequestDetails>()?.Fault = fault;
        Log.FaultInjected(logger, fault, context.Request.Method, context.Request.Path.Value ?? string.Empty);
    }
}
