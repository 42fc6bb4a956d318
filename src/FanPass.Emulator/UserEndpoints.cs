using System.Text.Json;
using System.Text.Json.Nodes;

namespace FanPass.Emulator;

/// <summary>
/// <c>POST /api/v1/users</c> with <c>{"userId":"...","userProperties":{...}}</c>: merges the properties into the
/// user's record. Keys must be <c>user_properties.&lt;name&gt;</c> or <c>custom.&lt;name&gt;</c>; values must be JSON
/// scalars, null, or arrays of scalars.
/// </summary>
internal static class UserEndpoints
{
    public const string Path = "/api/v1/users";
    public const string EndpointKey = "POST " + Path;

    public const string PlatformPrefix = "user_properties.";
    public const string CustomPrefix = "custom.";

    private const string UserIdField = "userId";
    private const string PropertiesField = "userProperties";

    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, HandleAsync);
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, EmulatorState state, ILogger<EmulatorState> logger)
    {
        var details = context.Features.Get<RequestDetails>() ?? new RequestDetails();
        if (!context.Request.HasJsonContentType())
        {
            return ApiResponses.Error(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Use application/json.");
        }

        details.Kind = "user";
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException)
        {
            return ApiResponses.BadRequest("The body is not valid JSON.", null);
        }
        catch (BadHttpRequestException ex)
        {
            Log.InvalidRequest(logger, Path, ex.Message);
            return ApiResponses.Error(ex.StatusCode, "invalid_request", ex.Message);
        }

        using (document)
        {
            return Handle(document.RootElement, state, details);
        }
    }

    private static IResult Handle(JsonElement root, EmulatorState state, RequestDetails details)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ApiResponses.BadRequest("The body must be a JSON object.", null);
        }

        JsonElement? userIdElement = null;
        JsonElement? propertiesElement = null;
        foreach (var property in root.EnumerateObject())
        {
            details.AddField(property.Name);
            if (property.NameEquals(UserIdField))
            {
                userIdElement = property.Value;
            }
            else if (property.NameEquals(PropertiesField))
            {
                propertiesElement = property.Value;
            }
        }

        if (userIdElement is not { ValueKind: JsonValueKind.String } idElement || idElement.GetString() is not { } userId
            || string.IsNullOrWhiteSpace(userId))
        {
            return ApiResponses.BadRequest("'userId' is required and must be a non-empty string.", UserIdField);
        }

        details.UserId = userId;
        if (state.ActiveFaults.RejectUserIds?.Contains(userId) == true)
        {
            details.Fault = "rejected";
            return ApiResponses.Error(StatusCodes.Status422UnprocessableEntity, "user_rejected", $"User '{userId}' was rejected.", UserIdField);
        }

        if (propertiesElement is not { ValueKind: JsonValueKind.Object } properties)
        {
            return ApiResponses.BadRequest("'userProperties' is required and must be an object.", PropertiesField);
        }

        var updates = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var property in properties.EnumerateObject())
        {
            var key = property.Name;
            if (!IsValidKey(key))
            {
                return ApiResponses.BadRequest(
                    $"Property key '{key}' must be '{PlatformPrefix}<name>' or '{CustomPrefix}<name>'.",
                    $"{PropertiesField}.{key}",
                    "invalid_property");
            }

            if (!IsValidValue(property.Value))
            {
                return ApiResponses.BadRequest(
                    $"Property '{key}' must be a string, number, boolean, null or an array of those.",
                    $"{PropertiesField}.{key}",
                    "invalid_property");
            }

            updates.Add(new(key, ToNode(property.Value)));
        }

        details.ItemCount = updates.Count;
        state.MergeUser(userId, updates);
        return TypedResults.Json(new UserResponse(userId, updates.Count), EmulatorJsonContext.Default.UserResponse);
    }

    internal static bool IsValidKey(string key)
    {
        var prefixLength = key.StartsWith(PlatformPrefix, StringComparison.Ordinal) ? PlatformPrefix.Length
            : key.StartsWith(CustomPrefix, StringComparison.Ordinal) ? CustomPrefix.Length
            : -1;
        return prefixLength > 0 && !key.AsSpan(prefixLength).IsWhiteSpace();
    }

    private static bool IsValidValue(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return false;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private static JsonNode? ToNode(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Array => JsonArray.Create(value.Clone()),
        _ => JsonValue.Create(value.Clone()),
    };
}
