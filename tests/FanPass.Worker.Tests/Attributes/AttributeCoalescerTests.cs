using System.Text.Json.Nodes;
using FanPass.Contracts;
using FanPass.Worker.Attributes;

namespace FanPass.Worker.Tests.Attributes;

public sealed class AttributeCoalescerTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static UserAttributesChanged Event(string userId, DateTimeOffset at, params (string Key, JsonNode? Value)[] attributes) => new()
    {
        EventId = Guid.NewGuid(),
        UserId = userId,
        OccurredAt = at,
        Attributes = attributes.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
    };

    private static List<(int Index, UserAttributesChanged Message)> Indexed(params UserAttributesChanged[] messages) =>
        messages.Select((m, i) => (i, m)).ToList();

    private static string? Json(JsonNode? node) => node?.ToJsonString();

    [Fact]
    public void Coalesce_OneEventIdUnderTwoUsers_LastCopyDecides_OneUpdate()
    {
        var first = Event("user-a", T0, ("custom.tier", "gold"));
        var second = first with { UserId = "user-b" };

        var updates = AttributeCoalescer.Coalesce(Indexed(first, second));

        var update = Assert.Single(updates);
        Assert.Equal("user-b", update.UserId);
        Assert.Equal([first.EventId], update.SourceEventIds);
        Assert.Equal([1], update.SourceIndexes);
        Assert.Equal([0], update.DuplicateIndexes);
    }

    [Fact]
    public void Coalesce_EmptyBatch_ReturnsEmpty()
    {
        Assert.Empty(AttributeCoalescer.Coalesce([]));
    }

    [Fact]
    public void Coalesce_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => AttributeCoalescer.Coalesce(null!));
    }

    [Fact]
    public void Coalesce_SingleEvent_PassesThrough()
    {
        var e = Event("u1", T0, ("custom.tier", "gold"), ("user_properties.age", 42));

        var update = Assert.Single(AttributeCoalescer.Coalesce(Indexed(e)));

        Assert.Equal("u1", update.UserId);
        Assert.Equal(2, update.Properties.Count);
        Assert.Equal("\"gold\"", Json(update.Properties["custom.tier"]));
        Assert.Equal("42", Json(update.Properties["user_properties.age"]));
        Assert.Equal([e.EventId], update.SourceEventIds);
        Assert.Equal([0], update.SourceIndexes);
        Assert.Empty(update.DuplicateIndexes);
    }

    [Fact]
    public void Coalesce_SameKeyLatestDeliveredFirst_LatestOccurredAtWins()
    {
        var newer = Event("u1", T0.AddMinutes(1), ("custom.tier", "gold"));
        var older = Event("u1", T0, ("custom.tier", "silver"));

        var update = Assert.Single(AttributeCoalescer.Coalesce(Indexed(newer, older)));

        Assert.Equal("\"gold\"", Json(update.Properties["custom.tier"]));
        Assert.Equal(T0.AddMinutes(1), update.KeyTimestamps["custom.tier"]);
    }

    [Fact]
    public void Coalesce_SameKeyLatestDeliveredLast_LatestOccurredAtWins()
    {
        var older = Event("u1", T0, ("custom.tier", "silver"));
        var newer = Event("u1", T0.AddTicks(1), ("custom.tier", "gold"));

        var update = Assert.Single(AttributeCoalescer.Coalesce(Indexed(older, newer)));

        Assert.Equal("\"gold\"", Json(update.Properties["custom.tier"]));
    }

    [Fact]
    public void Coalesce_SameKeyTie_LaterDeliveredWins()
    {
        var batch = Indexed(
            Event("u1", T0, ("custom.tier", "bronze")),
            Event("u1", T0, ("custom.tier", "silver")),
            Event("u1", T0, ("custom.tier", "gold")));

        var update = Assert.Single(AttributeCoalescer.Coalesce(batch));

        Assert.Equal("\"gold\"", Json(update.Properties["custom.tier"]));
    }

    [Fact]
    public void Coalesce_TieUsesBatchIndexNotListPosition_HigherIndexWins()
    {
        List<(int Index, UserAttributesChanged Message)> batch =
        [
            (9, Event("u1", T0, ("custom.tier", "gold"))),
            (2, Event("u1", T0, ("custom.tier", "silver"))),
        ];

        var update = Assert.Single(AttributeCoalescer.Coalesce(batch));

        Assert.Equal("\"gold\"", Json(update.Properties["custom.tier"]));
        Assert.Equal([9, 2], update.SourceIndexes);
    }

    [Fact]
    public void Coalesce_SameInstantDifferentOffsets_TieLaterDeliveredWins()
    {
        var batch = Indexed(
            Event("u1", T0, ("custom.tier", "a")),
            Event("u1", T0.ToOffset(TimeSpan.FromHours(-5)), ("custom.tier", "b")));

        var update = Assert.Single(AttributeCoalescer.Coalesce(batch));

        Assert.Equal("\"b\"", Json(update.Properties["custom.tier"]));
    }

    [Fact]
    public void Coalesce_PerKeyWinnersFromDifferentEvents_Merged()
    {
        var batch = Indexed(
            Event("u1", T0.AddMinutes(2), ("custom.a", "a-new"), ("custom.b", "b-old")),
            Event("u1", T0.AddMinutes(1), ("custom.a", "a-old"), ("custom.c", "c-only")),
            Event("u1", T0.AddMinutes(3), ("custom.b", "b-new")));

        var update = Assert.Single(AttributeCoalescer.Coalesce(batch));

        Assert.Equal(["custom.a", "custom.b", "custom.c"], update.Properties.Keys);
        Assert.Equal("\"a-new\"", Json(update.Properties["custom.a"]));
        Assert.Equal("\"b-new\"", Json(update.Properties["custom.b"]));
        Assert.Equal("\"c-only\"", Json(update.Properties["custom.c"]));
        Assert.Equal(T0.AddMinutes(2), update.KeyTimestamps["custom.a"]);
        Assert.Equal(T0.AddMinutes(3), update.KeyTimestamps["custom.b"]);
        Assert.Equal(T0.AddMinutes(1), update.KeyTimestamps["custom.c"]);
        Assert.Equal(3, update.KeyTimestamps.Count);
        Assert.Equal(batch.Select(b => b.Message.EventId), update.SourceEventIds);
        Assert.Equal([0, 1, 2], update.SourceIndexes);
    }

    [Fact]
    public void Coalesce_DisjointKeys_AllKeysKept()
    {
        var batch = Indexed(
            Event("u1", T0, ("user_properties.x", 1)),
            Event("u1", T0.AddMinutes(-10), ("custom.y", 2)));

        var update = Assert.Single(AttributeCoalescer.Coalesce(batch));

        Assert.Equal("1", Json(update.Properties["user_properties.x"]));
        Assert.Equal("2", Json(update.Properties["custom.y"]));
    }

    [Fact]
    public void Coalesce_Keys_SortedOrdinally()
    {
        var e = Event("u1", T0, ("custom.b", 1), ("user_properties.a", 2), ("custom.B", 3), ("custom.a", 4));

        var update = Assert.Single(AttributeCoalescer.Coalesce(Indexed(e)));

        Assert.Equal(["custom.B", "custom.a", "custom.b", "user_properties.a"], update.Properties.Keys);
    }

    [Fact]
    public void Coalesce_KeysDifferingByCase_AreDifferentKeys()
    {
        var batch = Indexed(Event("u1", T0, ("custom.Tier", "x")), Event("u1", T0.AddMinutes(1), ("custom.tier", "y")));

        var update = Assert.Single(AttributeCoalescer.Coalesce(batch));

        Assert.Equal("\"x\"", Json(update.Properties["custom.Tier"]));
        Assert.Equal("\"y\"", Json(update.Properties["custom.tier"]));
    }

    [Fact]
    public void Coalesce_DuplicateEventId_CountedOnce()
    {
        var e = Event("u1", T0, ("custom.tier", "gold"));

        var update = Assert.Single(AttributeCoalescer.Coalesce(Indexed(e, e, e)));

        Assert.Equal([e.EventId], update.SourceEventIds);
        Assert.Equal([2], update.SourceIndexes);
        Assert.Equal([0, 1], update.DuplicateIndexes);
        Assert.Equal("\"gold\"", Json(update.Properties["custom.tier"]));
    }

    [Fact]
    public void Coalesce_InterleavedDuplicates_SourceEventIdsInFirstDeliveryOrderAndLastCopyIndexes()
    {
        var a = Event("u1", T0, ("custom.a", 1));
        var b = Event("u1", T0.AddMinutes(1), ("custom.b", 2));
        var c = Event("u1", T0.AddMinutes(2), ("custom.c", 3));

        // 0:a 1:b 2:a 3:c 4:b 5:a
        var update = Assert.Single(AttributeCoalescer.Coalesce(Indexed(a, b, a, c, b, a)));

        Assert.Equal([a.EventId, b.EventId, c.EventId], update.SourceEventIds);
        Assert.Equal([5, 4, 3], update.SourceIndexes);
        Assert.Equal([0, 1, 2], update.DuplicateIndexes);
    }

    [Fact]
    public void Coalesce_DuplicateOfOlderEventDeliveredLast_DoesNotBeatNewerEvent()
    {
        var older = Event("u1", T0, ("custom.tier", "silver"));
        var newer = Event("u1", T0.AddMinutes(1), ("custom.tier", "gold"));

        var update = Assert.Single(AttributeCoalescer.Coalesce(Indexed(older, newer, older)));

        Assert.Equal("\"gold\"", Json(update.Properties["custom.tier"]));
        Assert.Equal([older.EventId, newer.EventId], update.SourceEventIds);
        Assert.Equal([2, 1], update.SourceIndexes);
        Assert.Equal([0], update.DuplicateIndexes);
    }

    [Fact]
    public void Coalesce_DifferentUsers_Independent()
    {
        var batch = Indexed(
            Event("u1", T0, ("custom.tier", "u1-old")),
            Event("u2", T0.AddMinutes(5), ("custom.tier", "u2-only")),
            Event("u1", T0.AddMinutes(1), ("custom.tier", "u1-new")));

        var result = AttributeCoalescer.Coalesce(batch).ToDictionary(u => u.UserId, StringComparer.Ordinal);

        Assert.Equal(2, result.Count);
        Assert.Equal("\"u1-new\"", Json(result["u1"].Properties["custom.tier"]));
        Assert.Equal([0, 2], result["u1"].SourceIndexes);
        Assert.Equal("\"u2-only\"", Json(result["u2"].Properties["custom.tier"]));
        Assert.Equal([1], result["u2"].SourceIndexes);
        Assert.Equal([batch[1].Message.EventId], result["u2"].SourceEventIds);
    }

    [Fact]
    public void Coalesce_UserIdsDifferingByCase_DifferentUsers()
    {
        var batch = Indexed(Event("User", T0, ("custom.a", 1)), Event("user", T0, ("custom.a", 2)));

        Assert.Equal(2, AttributeCoalescer.Coalesce(batch).Count);
    }

    [Fact]
    public void Coalesce_UserIdWithWhitespace_TrimmedAndGroupedWithSameUser()
    {
        var batch = Indexed(Event("  u1", T0, ("custom.a", 1)), Event("u1\t", T0, ("custom.b", 2)));

        var update = Assert.Single(AttributeCoalescer.Coalesce(batch));

        Assert.Equal("u1", update.UserId);
        Assert.Equal(2, update.Properties.Count);
    }

    [Fact]
    public void Coalesce_NullValue_KeptAsNull()
    {
        var batch = Indexed(Event("u1", T0, ("custom.tier", "gold")), Event("u1", T0.AddMinutes(1), ("custom.tier", null)));

        var update = Assert.Single(AttributeCoalescer.Coalesce(batch));

        Assert.True(update.Properties.ContainsKey("custom.tier"));
        Assert.Null(update.Properties["custom.tier"]);
        Assert.Equal(T0.AddMinutes(1), update.KeyTimestamps["custom.tier"]);
    }

    [Fact]
    public void Coalesce_OlderNullValue_LosesToNewerValue()
    {
        var batch = Indexed(Event("u1", T0.AddMinutes(1), ("custom.tier", "gold")), Event("u1", T0, ("custom.tier", null)));

        var update = Assert.Single(AttributeCoalescer.Coalesce(batch));

        Assert.Equal("\"gold\"", Json(update.Properties["custom.tier"]));
    }

    [Fact]
    public void Coalesce_Values_DeepClonedSoMutatingResultLeavesInputUnchanged()
    {
        var array = new JsonArray("a", "b");
        var e = Event("u1", T0, ("custom.list", array), ("custom.s", "x"));

        var update = Assert.Single(AttributeCoalescer.Coalesce(Indexed(e)));
        var resultArray = Assert.IsType<JsonArray>(update.Properties["custom.list"]);
        resultArray.Add("c");
        resultArray[0] = "changed";

        Assert.NotSame(array, resultArray);
        Assert.NotSame(e.Attributes["custom.s"], update.Properties["custom.s"]);
        Assert.Equal("[\"a\",\"b\"]", array.ToJsonString());
        Assert.Same(array, e.Attributes["custom.list"]);
    }

    [Fact]
    public void Coalesce_Values_ResultNodesHaveNoParentAndCanBeAddedToObject()
    {
        // The input value already has a parent: the client must still be able to put the result into a body.
        var owner = new JsonObject { ["v"] = new JsonArray(1, 2) };
        var parented = owner["v"];
        var e = Event("u1", T0, ("custom.list", parented), ("custom.n", 5));

        var update = Assert.Single(AttributeCoalescer.Coalesce(Indexed(e)));
        var body = new JsonObject();
        foreach (var (key, value) in update.Properties)
        {
            Assert.Null(value?.Parent);
            body.Add(key, value);
        }

        Assert.Equal("{\"custom.list\":[1,2],\"custom.n\":5}", body.ToJsonString());
        Assert.Same(owner, parented!.Parent);
    }

    [Fact]
    public void Coalesce_SameInputCoalescedTwice_BothResultsUsable()
    {
        var e = Event("u1", T0, ("custom.n", 5));
        var batch = Indexed(e);

        var first = Assert.Single(AttributeCoalescer.Coalesce(batch));
        var second = Assert.Single(AttributeCoalescer.Coalesce(batch));
        _ = new JsonObject { ["a"] = first.Properties["custom.n"], ["b"] = second.Properties["custom.n"] };

        Assert.NotSame(first.Properties["custom.n"], second.Properties["custom.n"]);
    }

    [Fact]
    public void Coalesce_ScalarKinds_PreservedExactly()
    {
        var e = Event("u1", T0,
            ("custom.s", "text"),
            ("custom.i", 12),
            ("custom.d", 1.5),
            ("custom.t", true),
            ("custom.f", false),
            ("custom.arr", new JsonArray("x", 1, null, true)),
            ("custom.parsed", JsonNode.Parse("[1.25,\"y\"]")));

        var update = Assert.Single(AttributeCoalescer.Coalesce(Indexed(e)));

        Assert.Equal("\"text\"", Json(update.Properties["custom.s"]));
        Assert.Equal("12", Json(update.Properties["custom.i"]));
        Assert.Equal("1.5", Json(update.Properties["custom.d"]));
        Assert.Equal("true", Json(update.Properties["custom.t"]));
        Assert.Equal("false", Json(update.Properties["custom.f"]));
        Assert.Equal("[\"x\",1,null,true]", Json(update.Properties["custom.arr"]));
        Assert.Equal("[1.25,\"y\"]", Json(update.Properties["custom.parsed"]));
    }

    [Fact]
    public void Coalesce_KeyTimestamps_CoverExactlyThePropertyKeys()
    {
        var batch = Indexed(
            Event("u1", T0.AddMinutes(4), ("custom.a", 1)),
            Event("u1", T0.AddMinutes(7), ("custom.a", 2), ("custom.b", 3)),
            Event("u1", T0.AddMinutes(5), ("custom.b", 4), ("custom.c", 5)));

        var update = Assert.Single(AttributeCoalescer.Coalesce(batch));

        Assert.Equal(update.Properties.Keys.Order(StringComparer.Ordinal), update.KeyTimestamps.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(T0.AddMinutes(7), update.KeyTimestamps["custom.a"]);
        Assert.Equal(T0.AddMinutes(7), update.KeyTimestamps["custom.b"]);
        Assert.Equal(T0.AddMinutes(5), update.KeyTimestamps["custom.c"]);
        Assert.Equal("2", Json(update.Properties["custom.a"]));
        Assert.Equal("3", Json(update.Properties["custom.b"]));
        Assert.Equal("5", Json(update.Properties["custom.c"]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2024)]
    [InlineData(31337)]
    [InlineData(424242)]
    public void Coalesce_RandomBatches_InvariantsHold(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var batch = RandomBatch(random);

            var result = AttributeCoalescer.Coalesce(batch);

            // Every index exactly once across SourceIndexes / DuplicateIndexes.
            var accounted = result.SelectMany(u => u.SourceIndexes.Concat(u.DuplicateIndexes)).ToList();
            Assert.Equal(batch.Select(b => b.Index).Order(), accounted.Order());

            var users = batch.Select(b => b.Message.UserId.Trim()).Distinct(StringComparer.Ordinal).ToList();
            Assert.Equal(users.Order(StringComparer.Ordinal), result.Select(u => u.UserId).Order(StringComparer.Ordinal));

            foreach (var update in result)
            {
                var members = batch.Where(b => string.Equals(b.Message.UserId.Trim(), update.UserId, StringComparison.Ordinal)).ToList();

                // Distinct event ids in first-delivery order, one source index per id (its last copy).
                var expectedIds = members.Select(m => m.Message.EventId).Distinct().ToList();
                Assert.Equal(expectedIds, update.SourceEventIds);
                var lastCopy = expectedIds.Select(id => members.Where(m => m.Message.EventId == id).Max(m => m.Index)).ToList();
                Assert.Equal(lastCopy, update.SourceIndexes);
                Assert.Equal(update.DuplicateIndexes.Order(), update.DuplicateIndexes);

                // Each merged value is the value of the latest event with the key (tie: the later delivered).
                var events = expectedIds.Select((id, i) => (Index: lastCopy[i], Message: members.First(m => m.Message.EventId == id).Message)).ToList();
                var keys = events.SelectMany(e => e.Message.Attributes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                Assert.Equal(keys, update.Properties.Keys);
                foreach (var key in keys)
                {
                    var winner = events
                        .Where(e => e.Message.Attributes.ContainsKey(key))
                        .OrderByDescending(e => e.Message.OccurredAt)
                        .ThenByDescending(e => e.Index)
                        .First();
                    Assert.Equal(Json(winner.Message.Attributes[key]), Json(update.Properties[key]));
                    Assert.Equal(winner.Message.OccurredAt, update.KeyTimestamps[key]);
                    Assert.True(events.Where(e => e.Message.Attributes.ContainsKey(key)).All(e => e.Message.OccurredAt <= update.KeyTimestamps[key]));
                }
            }
        }
    }

    private static List<(int Index, UserAttributesChanged Message)> RandomBatch(Random random)
    {
        string[] users = ["u1", " u1", "u2", "U2", "u3"];
        string[] keys = ["custom.a", "custom.b", "user_properties.c", "user_properties.d"];
        var count = random.Next(0, 40);
        var sent = new List<UserAttributesChanged>();
        var batch = new List<(int Index, UserAttributesChanged Message)>();
        for (var i = 0; i < count; i++)
        {
            UserAttributesChanged message;
            if (sent.Count > 0 && random.Next(4) == 0)
            {
                message = sent[random.Next(sent.Count)];
            }
            else
            {
                var attributes = keys
                    .Where(_ => random.Next(2) == 0)
                    .DefaultIfEmpty(keys[random.Next(keys.Length)])
                    .ToDictionary(k => k, k => random.Next(5) == 0 ? null : (JsonNode?)$"v{random.Next(1000)}", StringComparer.Ordinal);
                message = new UserAttributesChanged
                {
                    EventId = Guid.NewGuid(),
                    UserId = users[random.Next(users.Length)],
                    OccurredAt = T0.AddSeconds(random.Next(0, 4)),
                    Attributes = attributes,
                };
                sent.Add(message);
            }

            batch.Add((i, message));
        }

        return batch;
    }
}
