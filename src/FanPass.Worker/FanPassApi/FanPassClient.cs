using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FanPass.Worker.Diagnostics;
using Microsoft.Extensions.Options;
using FanPass.Contracts;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FanPass.Worker.FanPassApi;

/// <summary>
/// The typed FanPass client. Resilience (timeouts, retry, breaker, adaptive concurrency) runs in the HttpClient
/// handler chain (<see cref="FanPassResiliencePipeline"/>); this class builds requests, classifies how a call
/// ended, and reports one span, one log line and metrics per logical call. Expected HTTP outcomes are returned,
/// never thrown; only the caller's cancellation throws.
/// </summary>
internal sealed partial class FanPassClient : IFanPassClient
{
    /// <summary>Name of the HttpClient registration (tests swap its primary handler by this name).</summary>
    public const string HttpClientName = "FanPass";

    public const string ImportSegmentEndpoint = "ImportSegment";
    public const string UpdateUserAttributesEndpoint = "UpdateUserAttributes";

    private readonly HttpClient _httpClient;
    private readonly FanPassOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FanPassClient> _logger;
    private readonly Uri _segmentsUri;
    private readonly Uri _usersUri;

    public FanPassClient(HttpClient httpClient, IOptions<FanPassOptions> options, TimeProvider timeProvider, ILogger<FanPassClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClient = httpClient;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        var baseUrl = _options.BaseUrl ?? throw new InvalidOperationException("FanPass:BaseUrl is required.");
        _segmentsUri = Combine(baseUrl, _options.Segments.Path);
        _usersUri = Combine(baseUrl, _options.Users.Path);
    }

    public async Task<FanPassCallResult> ImportSegmentAsync(string segmentName, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(segmentName);
        ArgumentNullException.ThrowIfNull(userIds);

        using var activity = StartActivity(ImportSegmentEndpoint);
        var (content, method) = FanPassRequestFactory.CreateSegmentContent(_options.Segments, segmentName, userIds);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(WorkerTelemetry.Tags.SegmentName, segmentName);
            activity.SetTag(WorkerTelemetry.Tags.SegmentUserCount, userIds.Count);
            activity.SetTag(WorkerTelemetry.Tags.SegmentMethod, method);
        }

        return await SendAsync(ImportSegmentEndpoint, _segmentsUri, content, method, activity, cancellationToken);
    }

    public async Task<FanPassCallResult> UpdateUserAttributesAsync(string userId, IReadOnlyDictionary<string, JsonNode?> userProperties, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(userProperties);

        using var activity = StartActivity(UpdateUserAttributesEndpoint);
        activity?.SetTag(WorkerTelemetry.Tags.UserAttributeCount, userProperties.Count);
        var content = FanPassRequestFactory.CreateUserContent(userId, userProperties);
        return await SendAsync(UpdateUserAttributesEndpoint, _usersUri, content, method: null, activity, cancellationToken);
    }

    private static Activity? StartActivity(string endpoint)
    {
        var activity = WorkerTelemetry.ActivitySource.StartActivity($"FanPass {endpoint}", ActivityKind.Internal);
        activity?.SetTag(WorkerTelemetry.Tags.Endpoint, endpoint);
        return activity;
    }

    private async Task<FanPassCallResult> SendAsync(string endpoint, Uri uri, HttpContent content, string? method, Activity? activity, CancellationToken cancellationToken)
    {
        var state = new FanPassAttemptState();
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ResolvedApiToken);
        request.Options.Set(FanPassAttemptState.Key, state);

        // A CSV upload gets the upload timeouts, and its duration is no congestion signal (see FanPassResiliencePipeline).
        var resilienceContext = method == SegmentImportMethods.Csv ? ResilienceContextPool.Shared.Get(cancellationToken) : null;
        if (resilienceContext is not null)
        {
            resilienceContext.Properties.Set(FanPassResiliencePipeline.UploadKey, true);
            request.SetResilienceContext(resilienceContext);
        }

        try
        {
            return await SendCoreAsync(endpoint, request, state, method, activity, cancellationToken);
        }
        finally
        {
            if (resilienceContext is not null)
            {
                ResilienceContextPool.Shared.Return(resilienceContext);
            }
        }
    }

    private async Task<FanPassCallResult> SendCoreAsync(string endpoint, HttpRequestMessage request, FanPassAttemptState state, string? method, Activity? activity, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        FanPassCallResult result;
        try
        {
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            result = await ClassifyAsync(response, state, method, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
            throw;
        }
        catch (BrokenCircuitException)
        {
            result = new FanPassCallResult(FanPassCallOutcome.CircuitOpen, null, "circuit breaker open: FanPass is failing", state.Attempts, method, state.LastRetryAfter);
        }
        catch (TimeoutRejectedException)
        {
            result = new FanPassCallResult(FanPassCallOutcome.TransientExhausted, null, "timeout", state.Attempts, method, state.LastRetryAfter);
        }
        catch (HttpRequestException ex)
        {
            result = new FanPassCallResult(FanPassCallOutcome.TransientExhausted, (int?)ex.StatusCode, $"connection error ({ex.HttpRequestError})", state.Attempts, method, state.LastRetryAfter);
        }
        catch (OperationCanceledException)
        {
            // Not the caller's token: a timeout below the pipeline. Transient.
            result = new FanPassCallResult(FanPassCallOutcome.TransientExhausted, null, "timeout", state.Attempts, method, state.LastRetryAfter);
        }

        Report(endpoint, result, _timeProvider.GetElapsedTime(started), activity);
        return result;
    }

    private async Task<FanPassCallResult> ClassifyAsync(HttpResponseMessage response, FanPassAttemptState state, string? method, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var outcome = FanPassStatusClassifier.Classify(response.StatusCode);
        TimeSpan? retryAfter = FanPassRetryAfter.TryGet(response, _timeProvider, out var last) ? last : state.LastRetryAfter;
        var reason = outcome switch
        {
            FanPassCallOutcome.Success => null,
            FanPassCallOutcome.Rejected => await ReadRejectionReasonAsync(response, cancellationToken),
            FanPassCallOutcome.TransientExhausted when retryAfter > _options.Resilience.MaxRetryAfter =>
                $"HTTP {status}: Retry-After {retryAfter.Value.TotalSeconds:0.#}s exceeds FanPass:Resilience:MaxRetryAfter",
            _ => $"HTTP {status}",
        };
        return new FanPassCallResult(outcome, status, reason, Math.Max(1, state.Attempts), method, retryAfter);
    }

    /// <summary>
    /// The error body is read outside the resilience pipeline: bound it by the attempt timeout, so a FanPass that sends
    /// headers and then stalls cannot hold the batch (and its ordering lock) indefinitely.
    /// </summary>
    private async Task<string> ReadRejectionReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Resilience.AttemptTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await FanPassRejectionReason.ReadAsync(response, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"HTTP {(int)response.StatusCode}";
        }
    }

    private void Report(string endpoint, FanPassCallResult result, TimeSpan elapsed, Activity? activity)
    {
        var outcome = OutcomeName(result.Outcome);
        var tags = new TagList
        {
            { WorkerTelemetry.Tags.Endpoint, endpoint },
            { WorkerTelemetry.Tags.Outcome, outcome },
        };
        if (result.HttpStatus is { } status)
        {
            tags.Add(WorkerTelemetry.Tags.HttpStatusCode, status);
        }

        // Low-cardinality class for dashboards: 2xx, 4xx, 5xx, or "none" when no response came back.
        tags.Add(WorkerTelemetry.Tags.HttpStatusClass, result.HttpStatus is { } statusCode ? $"{statusCode / 100}xx" : "none");
        WorkerTelemetry.FanPassCalls.Add(1, tags);
        WorkerTelemetry.FanPassCallDuration.Record(elapsed.TotalSeconds, tags);
        if (result.Attempts > 1)
        {
            WorkerTelemetry.FanPassRetries.Add(result.Attempts - 1, new KeyValuePair<string, object?>(WorkerTelemetry.Tags.Endpoint, endpoint));
        }

        if (activity is not null)
        {
            activity.SetTag(WorkerTelemetry.Tags.Attempts, result.Attempts);
            activity.SetTag(WorkerTelemetry.Tags.Outcome, outcome);
            if (result.HttpStatus is { } code)
            {
                activity.SetTag(WorkerTelemetry.Tags.HttpStatusCode, code);
            }

            if (!result.IsSuccess)
            {
                activity.SetStatus(ActivityStatusCode.Error, outcome);
            }
        }

        var elapsedMs = (long)elapsed.TotalMilliseconds;
        switch (result.Outcome)
        {
            case FanPassCallOutcome.Success:
                LogSucceeded(endpoint, result.Attempts, elapsedMs);
                break;
            case FanPassCallOutcome.Rejected:
                LogRejected(endpoint, result.HttpStatus);
                LogReasonDetail(endpoint, result.Reason);
                break;
            case FanPassCallOutcome.Unauthorized:
                LogUnauthorized(endpoint, result.HttpStatus);
                break;
            case FanPassCallOutcome.CircuitOpen:
                LogCircuitOpen(endpoint, result.Attempts);
                break;
            default:
                LogTransientExhausted(endpoint, result.Attempts, result.HttpStatus, elapsedMs);
                LogReasonDetail(endpoint, result.Reason);
                break;
        }
    }

    internal static string OutcomeName(FanPassCallOutcome outcome) => outcome switch
    {
        FanPassCallOutcome.Success => "success",
        FanPassCallOutcome.Rejected => "rejected",
        FanPassCallOutcome.TransientExhausted => "transient_exhausted",
        FanPassCallOutcome.CircuitOpen => "circuit_open",
        FanPassCallOutcome.Unauthorized => "unauthorized",
        _ => "unknown",
    };

    private static Uri Combine(Uri baseUrl, string path) =>
        new(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + path.TrimStart('/'), UriKind.Absolute);

    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "FanPass {Endpoint} succeeded after {Attempts} attempt(s) in {ElapsedMs} ms")]
    private partial void LogSucceeded(string endpoint, int attempts, long elapsedMs);

    // FanPass's reason text may quote the user id it refused: only at Debug (privacy rule of DESIGN section 5).
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "FanPass {Endpoint} rejected the request with HTTP {HttpStatus}")]
    private partial void LogRejected(string endpoint, int? httpStatus);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Debug, Message = "FanPass {Endpoint} reason: {Reason}")]
    private partial void LogReasonDetail(string endpoint, string? reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "FanPass {Endpoint} still failing after {Attempts} attempt(s) and {ElapsedMs} ms (last HTTP status {HttpStatus})")]
    private partial void LogTransientExhausted(string endpoint, int attempts, int? httpStatus, long elapsedMs);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "FanPass {Endpoint} not sent: the circuit breaker is open (after {Attempts} attempt(s))")]
    private partial void LogCircuitOpen(string endpoint, int attempts);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Error, Message = "FanPass {Endpoint} refused the bearer token with HTTP {HttpStatus}; check FanPass:ApiToken or FanPass:ApiTokenFile")]
    private partial void LogUnauthorized(string endpoint, int? httpStatus);
}
