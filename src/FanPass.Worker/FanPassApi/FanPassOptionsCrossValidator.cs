using Microsoft.Extensions.Options;

namespace FanPass.Worker.FanPassApi;

/// <summary>
/// Rules that span several settings or need more than an attribute: the URL's form, the token source,
/// timeout and bound ordering. Messages name the key and never contain the token.
/// </summary>
internal sealed class FanPassOptionsCrossValidator : IValidateOptions<FanPassOptions>
{
    public ValidateOptionsResult Validate(string? name, FanPassOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.BaseUrl is { } baseUrl
            && (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add("FanPass:BaseUrl must be an absolute http or https URL.");
        }

        ValidateToken(options, failures);

        var resilience = options.Resilience;
        if (resilience.UploadTotalTimeout <= resilience.UploadAttemptTimeout)
        {
            failures.Add("FanPass:Resilience:UploadTotalTimeout must be greater than FanPass:Resilience:UploadAttemptTimeout.");
        }

        if (resilience.TotalTimeout <= resilience.AttemptTimeout)
        {
            failures.Add("FanPass:Resilience:TotalTimeout must be greater than FanPass:Resilience:AttemptTimeout.");
        }

        if (resilience.MaxDelay < resilience.BaseDelay)
        {
            failures.Add("FanPass:Resilience:MaxDelay must not be less than FanPass:Resilience:BaseDelay.");
        }

        var concurrency = options.Concurrency;
        if (concurrency.Min > concurrency.Max)
        {
            failures.Add("FanPass:Concurrency:Min must not exceed FanPass:Concurrency:Max.");
        }
        else if (concurrency.Initial < concurrency.Min || concurrency.Initial > concurrency.Max)
        {
            failures.Add("FanPass:Concurrency:Initial must be between FanPass:Concurrency:Min and FanPass:Concurrency:Max.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateToken(FanPassOptions options, List<string> failures)
    {
        var hasToken = !string.IsNullOrWhiteSpace(options.ApiToken);
        var hasFile = !string.IsNullOrWhiteSpace(options.ApiTokenFile);
        if (hasToken && hasFile)
        {
            failures.Add("FanPass:ApiToken and FanPass:ApiTokenFile are both set; configure exactly one.");
        }
        else if (!hasToken && !hasFile)
        {
            failures.Add("FanPass:ApiToken or FanPass:ApiTokenFile is required (the bearer token, or a file holding it).");
        }
        else if (hasFile && options.ApiTokenFileError is { } error)
        {
            failures.Add(error);
        }
        else if (string.IsNullOrEmpty(options.ResolvedApiToken))
        {
            failures.Add(hasFile ? "FanPass:ApiTokenFile: the file is empty." : "FanPass:ApiToken is empty.");
        }
    }
}
