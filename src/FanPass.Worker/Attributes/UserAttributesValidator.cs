using System.Text.Json;
using System.Text.Json.Nodes;
using FanPass.Contracts;
using FanPass.Worker.Pipeline;
using FanPass.Worker.Validation;

namespace FanPass.Worker.Attributes;

/// <summary>The contract rules of <see cref="UserAttributesChanged"/> (DESIGN section 3). Pure; never echoes a value.</summary>
public sealed class UserAttributesValidator(WorkerOptions options)
{
    /// <summary>Platform properties, pre-defined by FanPass and synced to GA4.</summary>
    public const string PlatformPrefix = "user_properties.";

    /// <summary>Custom attributes, registered in the FanReach portal first.</summary>
    public const string CustomPrefix = "custom.";

    public ValidationError? Validate(UserAttributesChanged message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.EventId == Guid.Empty)
        {
            return new("EventId", "must be a non-empty GUID");
        }

        if (string.IsNullOrWhiteSpace(message.UserId))
        {
            return new("UserId", "must not be empty");
        }

        if (message.UserId.Trim().Length > options.MaxUserIdLength)
        {
            return new("UserId", $"must be at most {options.MaxUserIdLength} characters");
        }

        if (message.OccurredAt == default)
        {
            return new("OccurredAt", "must be set");
        }

        if (message.Attributes is null || message.Attributes.Count == 0)
        {
            return new("Attributes", "must contain at least one attribute");
        }

        if (message.Attributes.Count > options.MaxAttributesPerEvent)
        {
            return new("Attributes", $"has {message.Attributes.Count} keys, more than the maximum of {options.MaxAttributesPerEvent}");
        }

        foreach (var (key, value) in message.Attributes)
        {
            if (KeyError(key) is { } keyError)
            {
                return new($"Attributes[{key}]", keyError);
            }

            if (ValueError(value) is { } valueError)
            {
                return new($"Attributes[{key}]", valueError);
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="key"/> is not a valid attribute key, or null.</summary>
    public static string? KeyError(string key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return "the key must not be empty";
        }

        var prefix = key.StartsWith(PlatformPrefix, StringComparison.Ordinal) ? PlatformPrefix
            : key.StartsWith(CustomPrefix, StringComparison.Ordinal) ? CustomPrefix
            : null;
        if (prefix is null)
        {
            return $"the key must start with '{PlatformPrefix}' or '{CustomPrefix}'";
        }

        var name = key.AsSpan(prefix.Length);
        if (name.IsWhiteSpace())
        {
            return $"the key needs a name after '{prefix}'";
        }

        return null;
    }

    /// <summary>Why <paramref name="value"/> is not a valid attribute value (a scalar, null, or an array of scalars), or null.</summary>
    public static string? ValueError(JsonNode? value) => value switch
    {
        null => null,
        JsonObject => "the value must not be an object (scalars, null and arrays of scalars only)",
        JsonArray array when array.Any(item => item?.GetValueKind() is JsonValueKind.Object or JsonValueKind.Array) => "an array value may hold only scalars and nulls",
        JsonArray => null,
        JsonValue scalar when scalar.GetValueKind() is JsonValueKind.Object or JsonValueKind.Array => "the value must be a scalar, null or an array of scalars",
        _ => null,
    };
}
