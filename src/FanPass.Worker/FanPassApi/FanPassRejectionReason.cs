using System.Text;
using System.Text.Json;

namespace FanPass.Worker.FanPassApi;

/// <summary>
/// A short reason for a rejected call: only the <c>error</c>, <c>message</c> and <c>field</c> string members of a
/// JSON error body (so attribute values the request carried are not echoed from elsewhere in the body),
/// truncated; otherwise the status.
/// </summary>
internal static class FanPassRejectionReason
{
    public const int MaxLength = 200;
    private const int MaxBodyBytes = 16 * 1024;

    public static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var fallback = $"HTTP {(int)response.StatusCode}";
        byte[] body;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var memory = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while (memory.Length < MaxBodyBytes && (read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                memory.Write(buffer, 0, read);
            }

            body = memory.ToArray();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return fallback;
        }

        return Parse(body) is { Length: > 0 } reason ? Truncate($"{fallback}: {reason}") : fallback;
    }

    internal static string? Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var error = GetString(document.RootElement, "error");
            var message = GetString(document.RootElement, "message");
            var field = GetString(document.RootElement, "field");
            var text = new StringBuilder();
            text.Append(error);
            if (message is not null && message != error)
            {
                text.Append(text.Length > 0 ? ": " : string.Empty).Append(message);
            }

            if (field is not null)
            {
                text.Append(text.Length > 0 ? " " : string.Empty).Append("(field ").Append(field).Append(')');
            }

            return text.ToString();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? GetString(JsonElement root, string name)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString() is { Length: > 0 } value ? value : null;
            }
        }

        return null;
    }

    private static string Truncate(string text) =>
        text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength - 1), "…");
}
