namespace FanPass.Contracts;

/// <summary>Values of <see cref="SegmentImportSucceeded.Method"/>.</summary>
public static class SegmentImportMethods
{
    /// <summary>The user ids went inline in a JSON body.</summary>
    public const string Inline = "inline";

    /// <summary>The user ids went as a streamed CSV upload.</summary>
    public const string Csv = "csv";
}
