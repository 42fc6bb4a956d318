using System.Text.Json;

namespace FanPass.Emulator;

/// <summary>
/// Admin API under <see cref="EmulatorOptions.AdminPrefix"/>. It has NO authentication: bind the emulator to
/// loopback (or a private network) only.
/// </summary>
internal static class AdminEndpoints
{
    private const int DefaultTake = 100;

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints, string prefix)
    {
        var admin = endpoints.MapGroup(prefix);

        admin.MapGet("/segments", (EmulatorState state) =>
        {
            var list = new List<SegmentResponse>();
            foreach (var name in state.SegmentNames)
            {
                if (state.GetSegment(name) is { } members)
                {
                    list.Add(new SegmentResponse(name, members.Count));
                }
            }

            list.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return TypedResults.Json<IReadOnlyList<SegmentResponse>>(list, EmulatorJsonContext.Default.IReadOnlyListSegmentResponse);
        });

        admin.MapGet("/segments/{name}", (string name, EmulatorState state) =>
            state.GetSegment(name) is { } members
                ? TypedResults.Json(new SegmentDetails(name, members.Count, members), EmulatorJsonContext.Default.SegmentDetails)
                : NotFound($"Segment '{name}' does not exist."));

        admin.MapGet("/users/{userId}", (string userId, EmulatorState state) =>
            state.GetUser(userId) is { } properties
                ? TypedResults.Json(new UserDetails(userId, properties), EmulatorJsonContext.Default.UserDetails)
                : NotFound($"User '{userId}' does not exist."));

        admin.MapGet("/stats", (EmulatorState state) => TypedResults.Json(
            new EmulatorStats(state.RequestCounts, state.AcceptedCounts, state.SegmentCount, state.UserCount),
            EmulatorJsonContext.Default.EmulatorStats));

        admin.MapGet("/requests", (int? take, EmulatorState state) =>
            TypedResults.Json(state.GetRecentRequests(take ?? DefaultTake), EmulatorJsonContext.Default.IReadOnlyListRecordedRequest));

        admin.MapGet("/faults", (EmulatorState state) => TypedResults.Json(state.Faults, EmulatorJsonContext.Default.FaultSettings));

        admin.MapPut("/faults", async (HttpContext context, EmulatorState state, ILogger<EmulatorState> logger) =>
        {
            FaultSettings? settings;
            try
            {
                var document = await context.Request.ReadFromJsonAsync(EmulatorJsonContext.Default.FaultSettingsDocument, context.RequestAborted);
                settings = document?.ToSettings();
            }
            catch (JsonException ex)
            {
                return ApiResponses.BadRequest($"Invalid fault settings: {ex.Message}", null);
            }
            catch (InvalidOperationException ex)
            {
                return ApiResponses.Error(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", ex.Message);
            }

            if (settings is null)
            {
                return ApiResponses.BadRequest("A FaultSettings JSON object is required.", null);
            }

            if (settings.Validate() is { } error)
            {
                return ApiResponses.BadRequest(error, null);
            }

            state.Faults = settings;
            Log.FaultsReplaced(logger, state.Faults);
            return TypedResults.Json(state.Faults, EmulatorJsonContext.Default.FaultSettings);
        });

        admin.MapDelete("/faults", (EmulatorState state, ILogger<EmulatorState> logger) =>
        {
            state.Faults = FaultSettings.None;
            Log.FaultsReplaced(logger, FaultSettings.None);
            return TypedResults.Json(state.Faults, EmulatorJsonContext.Default.FaultSettings);
        });

        admin.MapPost("/reset", (EmulatorState state, ILogger<EmulatorState> logger) =>
        {
            state.Reset();
            Log.StateReset(logger);
            return TypedResults.NoContent();
        });

        return endpoints;
    }

    private static IResult NotFound(string message) =>
        ApiResponses.Error(StatusCodes.Status404NotFound, "not_found", message);
}
