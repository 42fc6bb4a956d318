namespace FanPass.Emulator;

/// <summary>Per-request scratch pad filled by middleware and endpoints, turned into a <see cref="RecordedRequest"/>.</summary>
internal sealed class RequestDetails
{
    public string? Kind { get; set; }

    public string? SegmentName { get; set; }

    public string? UserId { get; set; }

    public int ItemCount { get; set; }

    public List<string>? BodyFields { get; set; }

    public string? CsvHeader { get; set; }

    public string? Fault { get; set; }

    public void AddField(string name) => (BodyFields ??= []).Add(name);
}
