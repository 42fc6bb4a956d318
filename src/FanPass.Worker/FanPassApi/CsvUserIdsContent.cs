using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace FanPass.Worker.FanPassApi;

/// <summary>
/// A CSV of user ids (a header line, then one id per line, <c>\n</c>-terminated, RFC 4180 quoting when an id
/// needs it) written straight to the request stream: the file is never built in memory, its length is not
/// known up front (chunked upload), and it can be serialized again for a retry.
/// </summary>
internal sealed class CsvUserIdsContent : HttpContent
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);
    private readonly string _header;
    private readonly IReadOnlyCollection<string> _userIds;

    public CsvUserIdsContent(string header, IReadOnlyCollection<string> userIds)
    {
        ArgumentException.ThrowIfNullOrEmpty(header);
        ArgumentNullException.ThrowIfNull(userIds);
        _header = header;
        _userIds = userIds;
        Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
    }

    public int Count => _userIds.Count;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(stream, Utf8NoBom, bufferSize: 16 * 1024, leaveOpen: true);
        await WriteFieldAsync(writer, _header, cancellationToken);
        foreach (var userId in _userIds)
        {
            await WriteFieldAsync(writer, userId, cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    private static async Task WriteFieldAsync(StreamWriter writer, string value, CancellationToken cancellationToken)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            value = "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        }

        await writer.WriteAsync(value.AsMemory(), cancellationToken);
        await writer.WriteAsync("\n".AsMemory(), cancellationToken);
    }
}
