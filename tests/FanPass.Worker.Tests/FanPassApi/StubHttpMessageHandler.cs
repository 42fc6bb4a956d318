using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace FanPass.Worker.Tests.FanPassApi;

/// <summary>A request the stub received, with its body read.</summary>
internal sealed record StubRequest(int Number, HttpMethod Method, Uri? Uri, string? Authorization, string? ContentType, string? Body);

/// <summary>Scripted HttpMessageHandler: answers request number n (1-based) with the script's response and records each request.</summary>
internal sealed class StubHttpMessageHandler(Func<int, CancellationToken, Task<HttpResponseMessage>> script) : HttpMessageHandler
{
    private int _count;

    public ConcurrentQueue<StubRequest> Requests { get; } = new();

    public int Count => Volatile.Read(ref _count);

    public static StubHttpMessageHandler Always(HttpStatusCode status) => new((_, _) => Task.FromResult(Response(status)));

    public static StubHttpMessageHandler Sequence(params Func<HttpResponseMessage>[] responses) =>
        new((n, _) => Task.FromResult(responses[Math.Min(n, responses.Length) - 1]()));

    public static HttpResponseMessage Response(HttpStatusCode status, string? json = null)
    {
        var response = new HttpResponseMessage(status);
        if (json is not null)
        {
            response.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return response;
    }

    public static HttpResponseMessage RetryAfter(HttpStatusCode status, TimeSpan delta)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(delta);
        return response;
    }

    public static HttpResponseMessage RetryAfter(HttpStatusCode status, DateTimeOffset date)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(date);
        return response;
    }

    /// <summary>Never answers; ends when the attempt is cancelled (timeout or caller).</summary>
    public static async Task<HttpResponseMessage> HangAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var number = Interlocked.Increment(ref _count);
        Requests.Enqueue(new StubRequest(
            number,
            request.Method,
            request.RequestUri,
            request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.ToString(),
            body));
        var response = await script(number, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
