using System.Text.Json.Nodes;

namespace FanPass.Emulator;

/// <summary>Error body of every 4xx/5xx answer: <c>{"error":"...","message":"...","field":"..."}</c>.</summary>
public sealed record ApiError(string Error, string Message, string? Field = null);

/// <summary>Answer of <c>POST /api/v1/segments</c>, and one entry of <c>GET /_admin/segments</c>.</summary>
public sealed record SegmentResponse(string Name, int UserCount);

/// <summary>Answer of <c>POST /api/v1/users</c>.</summary>
public sealed record UserResponse(string UserId, int Updated);

/// <summary>Answer of <c>GET /_admin/segments/{name}</c>.</summary>
public sealed record SegmentDetails(string Name, int UserCount, IReadOnlyCollection<string> UserIds);

/// <summary>Answer of <c>GET /_admin/users/{userId}</c>.</summary>
public sealed record UserDetails(string UserId, IReadOnlyDictionary<string, JsonNode?> UserProperties);

/// <summary>Answer of <c>GET /_admin/stats</c>.</summary>
public sealed record EmulatorStats(
    IReadOnlyDictionary<string, long> RequestCounts,
    IReadOnlyDictionary<string, long> AcceptedCounts,
    int SegmentCount,
    int UserCount);
