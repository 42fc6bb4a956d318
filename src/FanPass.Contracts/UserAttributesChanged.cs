using System.Text.Json.Nodes;

namespace FanPass.Contracts;

/// <summary>
/// Some attributes of one user changed. Keys are <c>user_properties.&lt;name&gt;</c> or <c>custom.&lt;name&gt;</c>;
/// values are JSON scalars (string, number, boolean, null) or arrays of scalars.
/// </summary>
/// <remarks>
/// Values are <see cref="JsonNode"/> so that a C# publisher writes plain literals
/// (<c>["custom.loyalty_tier"] = "gold"</c>, <c>["custom.visits"] = 12</c>, <c>new JsonArray("a", "b")</c>)
/// and the value round-trips through System.Text.Json unchanged. A JSON <c>null</c> is a C# <c>null</c>.
/// </remarks>
public sealed record UserAttributesChanged
{
    public Guid EventId { get; init; }

    public string UserId { get; init; } = string.Empty;

    public IReadOnlyDictionary<string, JsonNode?> Attributes { get; init; } = new Dictionary<string, JsonNode?>();

    public DateTimeOffset OccurredAt { get; init; }
}
