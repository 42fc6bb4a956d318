using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FanPass.Worker.FanPassApi;

/// <summary>
/// Validates the data-annotation ranges of <see cref="FanPassOptions"/> and its nested options (source-generated,
/// <see cref="FanPassOptionsAnnotationsValidator"/>) and rewrites member paths in the messages to configuration keys
/// (<c>FanPassOptions.Segments.CsvUploadThreshold</c> -> <c>FanPass:Segments:CsvUploadThreshold</c>): the generated
/// range attribute ignores a custom ErrorMessage, and the host prints one line that must name the key.
/// </summary>
internal sealed partial class FanPassOptionsValidator : IValidateOptions<FanPassOptions>
{
    private readonly FanPassOptionsAnnotationsValidator _annotations = new();

    public ValidateOptionsResult Validate(string? name, FanPassOptions options)
    {
        var result = _annotations.Validate(name, options);
        if (!result.Failed)
        {
            return result;
        }

        return ValidateOptionsResult.Fail(result.Failures.Select(ToKeys));
    }

    internal static string ToKeys(string message) =>
        MemberPath().Replace(message, match => FanPassOptions.SectionName + ":" + match.Groups["path"].Value.Replace('.', ':'));

    [GeneratedRegex(@"\bFanPassOptions\.(?<path>[A-Za-z][A-Za-z.]*[A-Za-z])")]
    private static partial Regex MemberPath();
}
