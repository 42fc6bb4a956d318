using System.ComponentModel.DataAnnotations;

namespace FanPass.Worker.FanPassApi;

/// <summary><c>FanPass:Segments</c>: the segment import endpoint and its (assumed) wire names.</summary>
public sealed class FanPassSegmentsOptions
{
    /// <summary>Up to this many user ids are sent inline as JSON; above it, as a streamed CSV upload.</summary>
    [Range(1, 10_000_000, ErrorMessage = "FanPass:Segments:CsvUploadThreshold must be between {1} and {2}.")]
    public int CsvUploadThreshold { get; set; } = 10_000;

    /// <summary>The largest segment accepted (validation of input messages uses it).</summary>
    [Range(1, 100_000_000, ErrorMessage = "FanPass:Segments:MaxUserIds must be between {1} and {2}.")]
    public int MaxUserIds { get; set; } = 5_000_000;

    [Required(AllowEmptyStrings = false, ErrorMessage = "FanPass:Segments:Path is required.")]
    public string Path { get; set; } = "/api/v1/segments";

    /// <summary>JSON field and multipart form field holding the segment name.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "FanPass:Segments:NameField is required.")]
    public string NameField { get; set; } = "name";

    /// <summary>Header line of the uploaded CSV.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "FanPass:Segments:CsvHeader is required.")]
    public string CsvHeader { get; set; } = "userId";
}
