using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FanPass.Worker.FanPassApi;

/// <summary>
/// Builds the request bodies. All wire names that the public FanPass documentation does not pin down are
/// here or in <see cref="FanPassSegmentsOptions"/>, so a correction is a one-line change.
/// </summary>
internal static class FanPassRequestFactory
{
    public const string MethodInline = "inline";
    public const string MethodCsv = "csv";
    public const string UserIdsField = "userIds";
    public const string UserIdField = "userId";
    public const string UserPropertiesField = "userProperties";
    public const string CsvFileField = "file";
    public const string CsvFileName = "segment.csv";

    /// <summary>Inline JSON up to <c>CsvUploadThreshold</c> ids, a streamed CSV multipart upload above it.</summary>
    public static (HttpContent Content, string Method) CreateSegmentContent(FanPassSegmentsOptions options, string segmentName, IReadOnlyCollection<string> userIds)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(userIds);

        if (userIds.Count <= options.CsvUploadThreshold)
        {
            var json = WriteJson(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString(options.NameField, segmentName);
                writer.WriteStartArray(UserIdsField);
                foreach (var userId in userIds)
                {
                    writer.WriteStringValue(userId);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return (json, MethodInline);
        }

        var multipart = new MultipartFormDataContent
        {
            { new StringContent(segmentName), options.NameField },
            { new CsvUserIdsContent(options.CsvHeader, userIds), CsvFileField, CsvFileName },
        };
        return (multipart, MethodCsv);
    }

    public static HttpContent CreateUserContent(string userId, IReadOnlyDictionary<string, JsonNode?> userProperties)
    {
        ArgumentNullException.ThrowIfNull(userProperties);
        return WriteJson(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString(UserIdField, userId);
            writer.WriteStartObject(UserPropertiesField);
            foreach (var (key, value) in userProperties)
            {
                writer.WritePropertyName(key);
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    /// <summary>Small bodies are buffered once (so they carry a Content-Length and re-send as is on retries).</summary>
    private static ByteArrayContent WriteJson(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
