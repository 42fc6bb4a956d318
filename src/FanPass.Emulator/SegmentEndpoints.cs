using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FanPass.Emulator;

/// <summary>
/// <c>POST /api/v1/segments</c>: create or replace an imported segment (snapshot semantics), either from a JSON body
/// <c>{"name":"...","userIds":[...]}</c> or from a multipart upload (field <c>name</c> + CSV file part <c>file</c>).
/// </summary>
internal static class SegmentEndpoints
{
    public const string Path = "/api/v1/segments";
    public const string EndpointKey = "POST " + Path;

    private const string NameField = "name";
    private const string UserIdsField = "userIds";
    private const string FileField = "file";

    public static IEndpointRouteBuilder MapSegmentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, HandleAsync);
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, EmulatorState state, EmulatorOptions options, ILogger<EmulatorState> logger)
    {
        var details = context.Features.Get<RequestDetails>() ?? new RequestDetails();
        try
        {
            IResult result;
            if (context.Request.HasJsonContentType())
            {
                result = await ImportInlineAsync(context, state, options, details);
            }
            else if (IsMultipart(context.Request.ContentType, out var boundary))
            {
                result = boundary is null
                    ? ApiResponses.BadRequest("The multipart boundary is missing.", FileField)
                    : await ImportCsvAsync(context, boundary, state, options, details);
            }
            else
            {
                result = ApiResponses.Error(
                    StatusCodes.Status415UnsupportedMediaType,
                    "unsupported_media_type",
                    "Use application/json or multipart/form-data.");
            }

            return result;
        }
        catch (BadHttpRequestException ex)
        {
            Log.InvalidRequest(logger, Path, ex.Message);
            return ApiResponses.Error(ex.StatusCode, "invalid_request", ex.Message);
        }
    }

    private static async Task<IResult> ImportInlineAsync(HttpContext context, EmulatorState state, EmulatorOptions options, RequestDetails details)
    {
        details.Kind = "inline";
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException)
        {
            return ApiResponses.BadRequest("The body is not valid JSON.", null);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ApiResponses.BadRequest("The body must be a JSON object.", null);
            }

            JsonElement? nameElement = null;
            JsonElement? idsElement = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                details.AddField(property.Name);
                if (property.NameEquals(NameField))
                {
                    nameElement = property.Value;
                }
                else if (property.NameEquals(UserIdsField))
                {
                    idsElement = property.Value;
                }
            }

            if (ValidateName(nameElement is { ValueKind: JsonValueKind.String } n ? n.GetString() : null, nameElement, options) is { } nameError)
            {
                return nameError;
            }

            var name = nameElement!.Value.GetString()!;
            details.SegmentName = name;
            if (Reject(state, name) is { } rejected)
            {
                details.Fault = "rejected";
                return rejected;
            }

            if (idsElement is not { ValueKind: JsonValueKind.Array } ids)
            {
                return ApiResponses.BadRequest(
                    idsElement is null or { ValueKind: JsonValueKind.Null } ? "'userIds' is required." : "'userIds' must be an array of strings.",
                    UserIdsField);
            }

            var members = new HashSet<string>(ids.GetArrayLength(), StringComparer.Ordinal);
            var index = 0;
            foreach (var item in ids.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString() is not { } id || string.IsNullOrWhiteSpace(id))
                {
                    return ApiResponses.BadRequest($"'userIds[{index}]' must be a non-empty string.", UserIdsField);
                }

                members.Add(id);
                index++;
            }

            details.ItemCount = index;
            var count = state.ReplaceSegment(name, members);
            return TypedResults.Json(new SegmentResponse(name, count), EmulatorJsonContext.Default.SegmentResponse);
        }
    }

    private static async Task<IResult> ImportCsvAsync(HttpContext context, string boundary, EmulatorState state, EmulatorOptions options, RequestDetails details)
    {
        details.Kind = "csv";
        var reader = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = null };
        string? name = null;
        CsvReadResult? csv = null;
        MultipartSection? section;
        try
        {
            while ((section = await reader.ReadNextSectionAsync(context.RequestAborted)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var partName = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                details.AddField(partName);
                if (partName == NameField)
                {
                    name = await ReadSmallTextAsync(section.Body, options.MaxSegmentNameLength + 1, context.RequestAborted);
                    if (ValidateName(name, null, options) is { } nameError)
                    {
                        return nameError;
                    }

                    details.SegmentName = name;
                    if (Reject(state, name) is { } rejected)
                    {
                        details.Fault = "rejected";
                        return rejected;
                    }
                }
                else if (partName == FileField)
                {
                    csv = await CsvSegmentReader.ReadAsync(section.Body, context.RequestAborted);
                    details.CsvHeader = csv.Header;
                    details.ItemCount = csv.Rows;
                    if (csv.Error is not null)
                    {
                        return ApiResponses.BadRequest(csv.Error, FileField);
                    }
                }
            }
        }
        catch (InvalidDataException ex)
        {
            return ApiResponses.BadRequest($"Malformed multipart body: {ex.Message}", null);
        }

        if (name is null)
        {
            return ApiResponses.BadRequest("The form field 'name' is required.", NameField);
        }

        if (csv?.Members is not { } members)
        {
            return ApiResponses.BadRequest($"The file part '{FileField}' (CSV with header '{CsvSegmentReader.ExpectedHeader}') is required.", FileField);
        }

        var count = state.ReplaceSegment(name, members);
        return TypedResults.Json(new SegmentResponse(name, count), EmulatorJsonContext.Default.SegmentResponse);
    }

    private static IResult? ValidateName(string? name, JsonElement? raw, EmulatorOptions options)
    {
        if (raw is { ValueKind: not JsonValueKind.String and not JsonValueKind.Null })
        {
            return ApiResponses.BadRequest("'name' must be a string.", NameField);
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            return ApiResponses.BadRequest("'name' is required and must not be empty.", NameField);
        }

        return name.Length > options.MaxSegmentNameLength
            ? ApiResponses.BadRequest($"'name' must be at most {options.MaxSegmentNameLength} characters.", NameField)
            : null;
    }

    private static IResult? Reject(EmulatorState state, string name) =>
        state.ActiveFaults.RejectSegmentNames?.Contains(name) == true
            ? ApiResponses.Error(StatusCodes.Status422UnprocessableEntity, "segment_rejected", $"Segment '{name}' was rejected.", NameField)
            : null;

    private static bool IsMultipart(string? contentType, out string? boundary)
    {
        boundary = null;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var value = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        boundary = string.IsNullOrWhiteSpace(value) ? null : value;
        return true;
    }

    private static async Task<string> ReadSmallTextAsync(Stream body, int maxChars, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, leaveOpen: true);
        var buffer = new char[maxChars];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return new string(buffer, 0, read);
    }
}
