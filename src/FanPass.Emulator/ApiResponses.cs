namespace FanPass.Emulator;

/// <summary>Helpers writing the JSON error body from middleware.</summary>
internal static class ApiResponses
{
    public static Task WriteErrorAsync(HttpContext context, int statusCode, ApiError error)
    {
        context.Response.StatusCode = statusCode;
        return context.Response.WriteAsJsonAsync(error, EmulatorJsonContext.Default.ApiError, contentType: null, context.RequestAborted);
    }

    public static IResult Error(int statusCode, string error, string message, string? field = null) =>
        TypedResults.Json(new ApiError(error, message, field), EmulatorJsonContext.Default.ApiError, statusCode: statusCode);

    public static IResult BadRequest(string message, string? field, string error = "invalid_request") =>
        Error(StatusCodes.Status400BadRequest, error, message, field);
}
