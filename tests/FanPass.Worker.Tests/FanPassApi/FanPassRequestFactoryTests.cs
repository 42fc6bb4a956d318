using System.Text.Json.Nodes;
using FanPass.Worker.FanPassApi;

namespace FanPass.Worker.Tests.FanPassApi;

public sealed class FanPassRequestFactoryTests
{
    private static FanPassSegmentsOptions CreateSut(int threshold = 3, string nameField = "name") =>
        new() { CsvUploadThreshold = threshold, NameField = nameField };

    [Fact]
    public async Task CreateSegmentContent_AtThreshold_InlineJsonWithConfiguredNameField()
    {
        var (content, method) = FanPassRequestFactory.CreateSegmentContent(CreateSut(3, "segmentName"), "vip", ["a", "b", "c"]);
        using var _ = content;

        Assert.Equal("inline", method);
        Assert.Equal("application/json", content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"segmentName":"vip","userIds":["a","b","c"]}""", await content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CreateSegmentContent_AboveThreshold_MultipartWithNameAndCsvFile()
    {
        var (content, method) = FanPassRequestFactory.CreateSegmentContent(CreateSut(2), "vip", ["a", "b", "c"]);
        using var _ = content;

        Assert.Equal("csv", method);
        var multipart = Assert.IsType<MultipartFormDataContent>(content);
        var parts = multipart.ToList();
        Assert.Equal(2, parts.Count);
        Assert.Equal("name", parts[0].Headers.ContentDisposition?.Name?.Trim('"'));
        Assert.Equal("vip", await parts[0].ReadAsStringAsync());
        var file = Assert.IsType<CsvUserIdsContent>(parts[1]);
        Assert.Equal("file", file.Headers.ContentDisposition?.Name?.Trim('"'));
        Assert.Equal("segment.csv", file.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("text/csv", file.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreateUserContent_Properties_UserIdAndUserPropertiesFields()
    {
        var properties = new Dictionary<string, JsonNode?>
        {
            ["user_properties.ticketing_plans"] = new JsonArray("season", "flex"),
            ["custom.loyalty_tier"] = "gold",
            ["custom.points"] = 12,
            ["custom.cleared"] = null,
        };

        using var content = FanPassRequestFactory.CreateUserContent("u-1", properties);

        Assert.Equal(
            """{"userId":"u-1","userProperties":{"user_properties.ticketing_plans":["season","flex"],"custom.loyalty_tier":"gold","custom.points":12,"custom.cleared":null}}""",
            await content.ReadAsStringAsync());
    }
}
