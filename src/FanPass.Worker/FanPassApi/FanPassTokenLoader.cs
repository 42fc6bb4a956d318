using Microsoft.Extensions.Options;

namespace FanPass.Worker.FanPassApi;

/// <summary>
/// Resolves the bearer token once, when the options are first built (at start, through ValidateOnStart):
/// <c>FanPass:ApiToken</c> as is, or the trimmed content of <c>FanPass:ApiTokenFile</c>. A read failure is
/// recorded for <see cref="FanPassOptionsCrossValidator"/> rather than thrown, so the host reports it as
/// one line naming the key.
/// </summary>
internal sealed class FanPassTokenLoader : IPostConfigureOptions<FanPassOptions>
{
    public void PostConfigure(string? name, FanPassOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ResolvedApiToken = null;
        options.ApiTokenFileError = null;

        if (!string.IsNullOrWhiteSpace(options.ApiTokenFile))
        {
            if (!string.IsNullOrWhiteSpace(options.ApiToken))
            {
                return; // both set: the validator reports it; do not read the file.
            }

            try
            {
                options.ResolvedApiToken = File.ReadAllText(options.ApiTokenFile).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                options.ApiTokenFileError = $"FanPass:ApiTokenFile: cannot read '{options.ApiTokenFile}' ({ex.GetType().Name}).";
            }
        }
        else if (options.ApiToken is { } token)
        {
            options.ResolvedApiToken = token.Trim();
        }
    }
}
