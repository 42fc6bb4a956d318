using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace FanPass.Emulator;

/// <summary>
/// Checks <c>Authorization: Bearer &lt;token&gt;</c> on <c>/api/*</c> in constant time. Missing or wrong token:
/// 401 with <c>WWW-Authenticate: Bearer</c> and a JSON error body. The token is never logged or stored.
/// </summary>
internal sealed class BearerTokenMiddleware(RequestDelegate next, EmulatorOptions options, ILogger<BearerTokenMiddleware> logger)
{
    private const string Scheme = "Bearer ";
    private const int StackLimit = 512;
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(options.ApiToken);

    public Task InvokeAsync(HttpContext context)
    {
        var values = context.Request.Headers.Authorization;
        if (values.Count == 0)
        {
            return RejectAsync(context, "missing_token", "Missing bearer token.", invalidToken: false);
        }

        if (values.Count != 1 || values[0] is not { } header
            || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || !Matches(header.AsSpan(Scheme.Length).Trim()))
        {
            return RejectAsync(context, "invalid_token", "Invalid bearer token.", invalidToken: true);
        }

        return next(context);
    }

    internal static Task WriteUnauthorizedAsync(HttpContext context, string message, bool invalidToken)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = invalidToken ? "Bearer error=\"invalid_token\"" : "Bearer";
        return ApiResponses.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, new ApiError("unauthorized", message));
    }

    private Task RejectAsync(HttpContext context, string reason, string message, bool invalidToken)
    {
        Log.Unauthenticated(logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, reason);
        return WriteUnauthorizedAsync(context, message, invalidToken);
    }

    private bool Matches(ReadOnlySpan<char> token)
    {
        var byteCount = Encoding.UTF8.GetByteCount(token);
        byte[]? rented = null;
        Span<byte> buffer = byteCount <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            var written = Encoding.UTF8.GetBytes(token, buffer);
            return CryptographicOperations.FixedTimeEquals(buffer[..written], _expected);
        }
        finally
        {
            if (rented is not null)
            {
                CryptographicOperations.ZeroMemory(rented.AsSpan(0, byteCount));
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
