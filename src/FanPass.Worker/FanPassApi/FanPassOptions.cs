using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace FanPass.Worker.FanPassApi;

/// <summary>
/// Settings of the FanPass client, bound from the <c>FanPass</c> section and validated at start-up
/// (<see cref="FanPassOptionsValidator"/> for ranges, <see cref="FanPassOptionsCrossValidator"/> for the rest).
/// Every validation message starts with the configuration key it is about.
/// </summary>
public sealed class FanPassOptions
{
    public const string SectionName = "FanPass";

    /// <summary><c>FanPass:BaseUrl</c>: absolute http(s) URL of the API; a path prefix is kept (paths are appended to it).</summary>
    [Required(ErrorMessage = "FanPass:BaseUrl is required (an absolute http or https URL).")]
    public Uri? BaseUrl { get; set; }

    /// <summary><c>FanPass:ApiToken</c>: the bearer token itself (from an environment variable). Exactly one of this and <see cref="ApiTokenFile"/>.</summary>
    [JsonIgnore]
    public string? ApiToken { get; set; }

    /// <summary><c>FanPass:ApiTokenFile</c>: a file holding the token (e.g. a Docker secret at <c>/run/secrets/fanpass_token</c>), read once at start and trimmed.</summary>
    public string? ApiTokenFile { get; set; }

    [ValidateObjectMembers]
    public FanPassSegmentsOptions Segments { get; set; } = new();

    [ValidateObjectMembers]
    public FanPassUsersOptions Users { get; set; } = new();

    [ValidateObjectMembers]
    public FanPassResilienceOptions Resilience { get; set; } = new();

    [ValidateObjectMembers]
    public FanPassConcurrencyOptions Concurrency { get; set; } = new();

    /// <summary>The token the client sends: <see cref="ApiToken"/>, or the trimmed content of <see cref="ApiTokenFile"/>. Set by <see cref="FanPassTokenLoader"/>.</summary>
    [JsonIgnore]
    internal string? ResolvedApiToken { get; set; }

    /// <summary>Why <see cref="ApiTokenFile"/> could not be read (never contains the token), for the validator.</summary>
    [JsonIgnore]
    internal string? ApiTokenFileError { get; set; }

    /// <summary>Never prints the token.</summary>
    public override string ToString() =>
        $"FanPassOptions {{ BaseUrl = {BaseUrl}, ApiToken = {(string.IsNullOrEmpty(ApiToken) ? "<unset>" : "<redacted>")}, ApiTokenFile = {ApiTokenFile ?? "<unset>"} }}";
}
