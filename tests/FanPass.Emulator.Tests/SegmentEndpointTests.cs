using System.Net;

namespace FanPass.Emulator.Tests;

public sealed class SegmentEndpointTests : EmulatorTestBase
{
    [Fact]
    public async Task PostSegments_InlineJson_StoresMembersAndAnswersCount()
    {
        using var response = await PostSegmentAsync("vip", "u1", "u2", "u3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("vip", (string?)body["name"]);
        Assert.Equal(3, (int?)body["userCount"]);
        Assert.Equal(["u1", "u2", "u3"], State.GetSegment("vip")!.Order(StringComparer.Ordinal));
        Assert.Equal(1, State.SegmentCount);
        Assert.Equal(1, State.AcceptedCount("POST /api/v1/segments"));
    }

    [Fact]
    public async Task PostSegments_SecondSnapshot_ReplacesMembers()
    {
        (await PostSegmentAsync("vip", "u1", "u2", "u3")).Dispose();

        using var response = await PostSegmentAsync("vip", "u3", "u4");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (int?)(await ReadJsonAsync(response))["userCount"]);
        Assert.Equal(["u3", "u4"], State.GetSegment("vip")!.Order(StringComparer.Ordinal));
        Assert.Equal(1, State.SegmentCount);
    }

    [Fact]
    public async Task PostSegments_EmptyUserIds_CreatesEmptySegment()
    {
        using var response = await PostSegmentAsync("empty");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(State.GetSegment("empty")!);
    }

    [Theory]
    [InlineData("""{"userIds":["a"]}""", "name")]
    [InlineData("""{"name":"","userIds":["a"]}""", "name")]
    [InlineData("""{"name":"   ","userIds":["a"]}""", "name")]
    [InlineData("""{"name":42,"userIds":["a"]}""", "name")]
    [InlineData("""{"name":"s"}""", "userIds")]
    [InlineData("""{"name":"s","userIds":null}""", "userIds")]
    [InlineData("""{"name":"s","userIds":"a"}""", "userIds")]
    [InlineData("""{"name":"s","userIds":["a",""]}""", "userIds")]
    [InlineData("""{"name":"s","userIds":["a"," "]}""", "userIds")]
    [InlineData("""{"name":"s","userIds":["a",7]}""", "userIds")]
    public async Task PostSegments_InvalidInlineBody_Returns400WithField(string json, string field)
    {
        using var response = await Client.PostAsync("api/v1/segments", Json(json));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", field);
        Assert.Equal(0, State.SegmentCount);
    }

    [Fact]
    public async Task PostSegments_NameLongerThan200_Returns400()
    {
        using var tooLong = await PostSegmentAsync(new string('n', 201), "u1");
        using var longest = await PostSegmentAsync(new string('n', 200), "u1");

        await AssertErrorAsync(tooLong, HttpStatusCode.BadRequest, "invalid_request", "name");
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
    }

    [Fact]
    public async Task PostSegments_MalformedJson_Returns400()
    {
        using var response = await Client.PostAsync("api/v1/segments", Json("{\"name\":"));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task PostSegments_UnknownFields_AreIgnoredButRecorded()
    {
        using var response = await Client.PostAsync("api/v1/segments", Json("""{"name":"s","userIds":["a"],"description":"x"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recorded = Assert.Single(State.Requests);
        Assert.Equal(["name", "userIds", "description"], recorded.BodyFields);
        Assert.Equal("inline", recorded.Kind);
        Assert.Equal("s", recorded.SegmentName);
        Assert.Equal(1, recorded.ItemCount);
    }

    [Fact]
    public async Task PostSegments_UnsupportedContentType_Returns415()
    {
        using var response = await Client.PostAsync("api/v1/segments", new StringContent("userId\na"));

        await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task PostSegments_CsvUploadOf60000Ids_StoresEveryIdExactly()
    {
        var ids = Enumerable.Range(0, 60_000).Select(i => $"user-{i:D6}");
        using var form = CsvContent.Form("big", new CsvContent(ids));

        using var response = await Client.PostAsync("api/v1/segments", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("big", (string?)body["name"]);
        Assert.Equal(60_000, (int?)body["userCount"]);
        var members = State.GetSegment("big")!;
        Assert.Equal(60_000, members.Count);
        Assert.True(ids.All(members.Contains));
        var recorded = Assert.Single(State.Requests);
        Assert.Equal("csv", recorded.Kind);
        Assert.Equal("userId", recorded.CsvHeader);
        Assert.Equal(60_000, recorded.ItemCount);
        Assert.Equal(["name", "file"], recorded.BodyFields);
    }

    [Fact]
    public async Task PostSegments_CsvWithCrlfPaddingAndNoTrailingNewline_TrimsIds()
    {
        using var form = CsvContent.Form("crlf", new CsvContent([" a ", "b", "", "c"], newLine: "\r\n", trailingNewLine: false));

        using var response = await Client.PostAsync("api/v1/segments", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["a", "b", "c"], State.GetSegment("crlf")!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PostSegments_CsvFileBeforeName_IsAccepted()
    {
        using var form = new MultipartFormDataContent
        {
            { new CsvContent(["x", "y"]), "file", "ids.csv" },
            { new StringContent("late-name"), "name" },
        };

        using var response = await Client.PostAsync("api/v1/segments", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, State.GetSegment("late-name")!.Count);
    }

    [Fact]
    public async Task PostSegments_CsvSecondSnapshot_ReplacesMembers()
    {
        using (var first = CsvContent.Form("s", new CsvContent(["a", "b"])))
        {
            (await Client.PostAsync("api/v1/segments", first)).Dispose();
        }

        using var second = CsvContent.Form("s", new CsvContent(["c"]));
        using var response = await Client.PostAsync("api/v1/segments", second);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["c"], State.GetSegment("s")!);
    }

    [Theory]
    [InlineData("user_id")]
    [InlineData("userid")]
    [InlineData("id")]
    [InlineData("userId,email")]
    public async Task PostSegments_CsvWrongHeader_Returns400WithFieldFile(string header)
    {
        using var form = CsvContent.Form("s", new CsvContent(["a"], header));

        using var response = await Client.PostAsync("api/v1/segments", form);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", "file");
        Assert.Null(State.GetSegment("s"));
        Assert.Equal(header, Assert.Single(State.Requests).CsvHeader);
    }

    [Fact]
    public async Task PostSegments_CsvEmptyFile_Returns400WithFieldFile()
    {
        using var form = CsvContent.Form("s", new ByteArrayContent([]));

        using var response = await Client.PostAsync("api/v1/segments", form);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", "file");
    }

    [Fact]
    public async Task PostSegments_CsvMissingFilePart_Returns400WithFieldFile()
    {
        using var form = CsvContent.Form("s", null);

        using var response = await Client.PostAsync("api/v1/segments", form);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", "file");
    }

    [Fact]
    public async Task PostSegments_CsvMissingName_Returns400WithFieldName()
    {
        using var form = CsvContent.Form(null, new CsvContent(["a"]));

        using var response = await Client.PostAsync("api/v1/segments", form);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", "name");
    }

    [Fact]
    public async Task PostSegments_ConcurrentImports_AllStored()
    {
        var tasks = Enumerable.Range(0, 50).Select(async i =>
        {
            using var response = await PostSegmentAsync($"seg-{i}", $"u{i}", "shared");
            return response.StatusCode;
        });

        var statuses = await Task.WhenAll(tasks);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(50, State.SegmentCount);
        Assert.Equal(50, State.RequestCounts["POST /api/v1/segments"]);
        Assert.Equal(50, State.Requests.Count);
    }

    [Fact]
    public async Task GetSegment_Admin_ReturnsMembersAndUnknownIs404()
    {
        (await PostSegmentAsync("vip", "u1", "u2")).Dispose();

        using var found = await Admin.GetAsync("segments/vip");
        using var missing = await Admin.GetAsync("segments/nope");

        var body = await ReadJsonAsync(found);
        Assert.Equal(2, (int?)body["userCount"]);
        Assert.Equal(["u1", "u2"], body["userIds"]!.AsArray().Select(n => (string)n!).Order(StringComparer.Ordinal));
        await AssertErrorAsync(missing, HttpStatusCode.NotFound, "not_found");
    }
}
