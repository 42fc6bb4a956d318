using System.Text;

namespace FanPass.Emulator;

/// <summary>Result of reading an uploaded segment CSV.</summary>
internal sealed record CsvReadResult(string? Header, HashSet<string>? Members, int Rows, string? Error);

/// <summary>
/// Streams a single-column CSV (header line <c>userId</c>, one id per line, CRLF or LF, optional trailing newline)
/// line by line: the upload is never buffered whole.
/// </summary>
internal static class CsvSegmentReader
{
    /// <summary>Expected header (first line) of an uploaded file.</summary>
    public const string ExpectedHeader = "userId";

    private const int MaxReportedHeaderLength = 200;

    public static async Task<CsvReadResult> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var headerLine = await reader.ReadLineAsync(cancellationToken);
        if (headerLine is null)
        {
            return new CsvReadResult(null, null, 0, $"the CSV file is empty; expected a header line '{ExpectedHeader}'");
        }

        var header = Unquote(headerLine.Trim());
        if (header.Length > MaxReportedHeaderLength)
        {
            header = header[..MaxReportedHeaderLength];
        }

        if (!string.Equals(header, ExpectedHeader, StringComparison.Ordinal))
        {
            return new CsvReadResult(header, null, 0, $"the CSV header must be '{ExpectedHeader}' but was '{header}'");
        }

        var members = new HashSet<string>(StringComparer.Ordinal);
        var rows = 0;
        var lineNumber = 1;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            var id = line.AsSpan().Trim();
            if (id.IsEmpty)
            {
                continue; // blank lines (including the optional trailing newline) are ignored
            }

            if (id.Contains(','))
            {
                return new CsvReadResult(header, null, rows, $"line {lineNumber}: expected a single column");
            }

            var value = Unquote(id.Length == line.Length ? line : id.ToString());
            if (string.IsNullOrWhiteSpace(value))
            {
                return new CsvReadResult(header, null, rows, $"line {lineNumber}: empty user id");
            }

            members.Add(value);
            rows++;
        }

        return new CsvReadResult(header, members, rows, null);
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal).Trim() : value;
}
