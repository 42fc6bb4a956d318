using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace FanPass.Emulator.Tests;

/// <summary>A CSV file generated while it is sent (never materialised as one string).</summary>
internal sealed class CsvContent : HttpContent
{
    private readonly string _header;
    private readonly IEnumerable<string> _ids;
    private readonly string _newLine;
    private readonly bool _trailingNewLine;

    public CsvContent(IEnumerable<string> ids, string header = "userId", string newLine = "\n", bool trailingNewLine = true)
    {
        _header = header;
        _ids = ids;
        _newLine = newLine;
        _trailingNewLine = trailingNewLine;
        Headers.ContentType = new MediaTypeHeaderValue("text/csv");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 16 * 1024, leaveOpen: true) { NewLine = _newLine };
        await writer.WriteAsync(_header);
        foreach (var id in _ids)
        {
            await writer.WriteAsync(_newLine);
            await writer.WriteAsync(id);
        }

        if (_trailingNewLine)
        {
            await writer.WriteAsync(_newLine);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }

    public static MultipartFormDataContent Form(string? name, HttpContent? file)
    {
        var form = new MultipartFormDataContent();
        if (name is not null)
        {
            form.Add(new StringContent(name), "name");
        }

        if (file is not null)
        {
            form.Add(file, "file", "ids.csv");
        }

        return form;
    }
}
