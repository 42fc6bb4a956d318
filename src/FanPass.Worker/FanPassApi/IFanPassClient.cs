using System.Text.Json.Nodes;

namespace FanPass.Worker.FanPassApi;

/// <summary>
/// The one typed client of the FanPass API. Expected HTTP outcomes are returned as a classified
/// <see cref="FanPassCallResult"/>, never thrown; only cancellation by the caller throws.
/// </summary>
public interface IFanPassClient
{
    /// <summary>
    /// Creates or replaces the imported segment <paramref name="segmentName"/> with exactly <paramref name="userIds"/>:
    /// inline JSON up to <c>FanPass:Segments:CsvUploadThreshold</c> ids, a streamed CSV upload above it.
    /// </summary>
    Task<FanPassCallResult> ImportSegmentAsync(string segmentName, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken);

    /// <summary>Sets <paramref name="userProperties"/> on one user's record (keys are <c>user_properties.*</c> or <c>custom.*</c>).</summary>
    Task<FanPassCallResult> UpdateUserAttributesAsync(string userId, IReadOnlyDictionary<string, JsonNode?> userProperties, CancellationToken cancellationToken);
}
