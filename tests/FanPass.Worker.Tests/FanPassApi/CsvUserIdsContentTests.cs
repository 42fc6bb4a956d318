using FanPass.Worker.FanPassApi;

namespace FanPass.Worker.Tests.FanPassApi;

public sealed class CsvUserIdsContentTests
{
    private static CsvUserIdsContent CreateSut(params string[] userIds) => new("userId", userIds);

    [Fact]
    public async Task SerializeToStreamAsync_Ids_HeaderThenOneIdPerLine()
    {
        using var sut = CreateSut("u1", "u2", "u3");

        Assert.Equal("userId\nu1\nu2\nu3\n", await sut.ReadAsStringAsync());
    }

    [Fact]
    public async Task SerializeToStreamAsync_TwiceForRetry_IdenticalBytes()
    {
        using var sut = CreateSut("u1", "u2");
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        await sut.CopyToAsync(first);
        await sut.CopyToAsync(second);

        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal("userId\nu1\nu2\n"u8.ToArray(), first.ToArray());
    }

    [Fact]
    public void Headers_Always_LengthNotComputedUpFront()
    {
        using var sut = CreateSut("u1", "u2");

        Assert.Null(sut.Headers.ContentLength);
        Assert.Equal("text/csv", sut.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SerializeToStreamAsync_IdNeedingQuotes_QuotedPerRfc4180()
    {
        using var sut = CreateSut("a,b", "say \"hi\"");

        Assert.Equal("userId\n\"a,b\"\n\"say \"\"hi\"\"\"\n", await sut.ReadAsStringAsync());
    }

    [Fact]
    public async Task SerializeToStreamAsync_ManyIds_StreamsAllWithoutBom()
    {
        var ids = Enumerable.Range(0, 100_000).Select(i => $"user-{i}").ToArray();
        using var sut = new CsvUserIdsContent("userId", ids);
        using var stream = new MemoryStream();

        await sut.CopyToAsync(stream);

        var bytes = stream.ToArray();
        Assert.Equal((byte)'u', bytes[0]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n');
        Assert.Equal(100_002, lines.Length);
        Assert.Equal("user-99999", lines[^2]);
    }
}
