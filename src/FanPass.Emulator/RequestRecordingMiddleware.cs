namespace FanPass.Emulator;

/// <summary>
/// Outermost middleware of <c>/api/*</c>: counts every request per endpoint key (including failed ones) and
/// appends a <see cref="RecordedRequest"/> to the ring buffer once the answer is known.
/// </summary>
internal sealed class RequestRecordingMiddleware(RequestDelegate next, EmulatorState state)
{
    private const int MaxEndpointKeys = 256;
    private const string OtherKey = "OTHER";
    private const int ClientClosedRequest = 499;

    public async Task InvokeAsync(HttpContext context)
    {
        var timeProvider = state.TimeProvider;
        var started = timeProvider.GetTimestamp();
        var timestamp = timeProvider.GetUtcNow();
        var details = new RequestDetails();
        context.Features.Set(details);
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            status = ClientClosedRequest;
        }
        finally
        {
            if (context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
            {
                status = ClientClosedRequest;
            }

            var request = context.Request;
            var key = EndpointKey(request.Method, request.Path);
            state.CountRequest(key, status is >= 200 and < 300);
            state.Record(new RecordedRequest
            {
                Timestamp = timestamp,
                Method = request.Method,
                Path = request.Path.Value ?? string.Empty,
                StatusCode = status,
                ContentType = request.ContentType,
                Kind = details.Kind,
                SegmentName = details.SegmentName,
                UserId = details.UserId,
                ItemCount = details.ItemCount,
                HadAuthorization = request.Headers.ContainsKey("Authorization"),
                BodyFields = (IReadOnlyList<string>?)details.BodyFields ?? [],
                CsvHeader = details.CsvHeader,
                Fault = details.Fault,
                DurationMs = timeProvider.GetElapsedTime(started).TotalMilliseconds,
            });
        }
    }

    private string EndpointKey(string method, PathString path)
    {
        if (HttpMethods.IsPost(method))
        {
            if (path.Equals(SegmentEndpoints.Path, StringComparison.OrdinalIgnoreCase))
            {
                return SegmentEndpoints.EndpointKey;
            }

            if (path.Equals(UserEndpoints.Path, StringComparison.OrdinalIgnoreCase))
            {
                return UserEndpoints.EndpointKey;
            }
        }

        // Unknown routes get their own key, bounded so that garbage paths cannot grow the dictionary forever.
        var key = string.Concat(method, " ", path.Value);
        return state.EndpointKeyCount < MaxEndpointKeys || state.RequestCount(key) > 0 ? key : OtherKey;
    }
}
