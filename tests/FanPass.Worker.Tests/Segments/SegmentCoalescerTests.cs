using FanPass.Contracts;
using FanPass.Worker.Segments;

namespace FanPass.Worker.Tests.Segments;

public sealed class SegmentCoalescerTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static SegmentImportRequested Snapshot(string name, DateTimeOffset at, params string[] userIds) => new()
    {
        RequestId = Guid.NewGuid(),
        SegmentName = name,
        RequestedAt = at,
        UserIds = userIds,
    };

    private static List<(int Index, SegmentImportRequested Message)> Indexed(params SegmentImportRequested[] messages) =>
        messages.Select((m, i) => (i, m)).ToList();

    [Fact]
    public void Coalesce_EmptyBatch_ReturnsEmpty()
    {
        var result = SegmentCoalescer.Coalesce([]);

        Assert.Empty(result);
    }

    [Fact]
    public void Coalesce_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => SegmentCoalescer.Coalesce(null!));
    }

    [Fact]
    public void Coalesce_SingleSnapshot_IsWinnerWithNothingSuperseded()
    {
        var message = Snapshot("vip", T0, "u1", "u2");

        var segment = Assert.Single(SegmentCoalescer.Coalesce(Indexed(message)));

        Assert.Equal("vip", segment.SegmentName);
        Assert.Equal(0, segment.WinnerIndex);
        Assert.Same(message, segment.Winner);
        Assert.Equal(["u1", "u2"], segment.UserIds);
        Assert.Empty(segment.SupersededIndexes);
        Assert.Empty(segment.DuplicateIndexes);
    }

    [Fact]
    public void Coalesce_LatestRequestedAtDeliveredFirst_LatestWins()
    {
        var newest = Snapshot("vip", T0.AddMinutes(5), "new");
        var older = Snapshot("vip", T0, "old");

        var segment = Assert.Single(SegmentCoalescer.Coalesce(Indexed(newest, older)));

        Assert.Equal(0, segment.WinnerIndex);
        Assert.Same(newest, segment.Winner);
        Assert.Equal(["new"], segment.UserIds);
        Assert.Equal([1], segment.SupersededIndexes);
    }

    [Fact]
    public void Coalesce_LatestRequestedAtDeliveredLast_LatestWins()
    {
        var older = Snapshot("vip", T0, "old");
        var newest = Snapshot("vip", T0.AddTicks(1), "new");

        var segment = Assert.Single(SegmentCoalescer.Coalesce(Indexed(older, newest)));

        Assert.Equal(1, segment.WinnerIndex);
        Assert.Equal([0], segment.SupersededIndexes);
    }

    [Fact]
    public void Coalesce_LatestInTheMiddle_LatestWinsOthersSupersededSorted()
    {
        var batch = Indexed(
            Snapshot("vip", T0.AddMinutes(3)),
            Snapshot("vip", T0.AddMinutes(1)),
            Snapshot("vip", T0.AddMinutes(9)),
            Snapshot("vip", T0.AddMinutes(2)),
            Snapshot("vip", T0));

        var segment = Assert.Single(SegmentCoalescer.Coalesce(batch));

        Assert.Equal(2, segment.WinnerIndex);
        Assert.Equal([0, 1, 3, 4], segment.SupersededIndexes);
        Assert.Empty(segment.DuplicateIndexes);
    }

    [Fact]
    public void Coalesce_DifferentOffsetsSameInstant_TreatedAsTieLaterDeliveredWins()
    {
        var utc = Snapshot("vip", T0);
        var plusTwo = Snapshot("vip", T0.ToOffset(TimeSpan.FromHours(2)));

        var segment = Assert.Single(SegmentCoalescer.Coalesce(Indexed(utc, plusTwo)));

        Assert.Equal(1, segment.WinnerIndex);
        Assert.Equal([0], segment.SupersededIndexes);
    }

    [Fact]
    public void Coalesce_LaterInstantWithSmallerClockReading_InstantDecides()
    {
        // 12:30+02:00 is 10:30Z, earlier than 12:00Z even though the local clock reads later.
        var earlierInstant = Snapshot("vip", new DateTimeOffset(2025, 1, 1, 12, 30, 0, TimeSpan.FromHours(2)));
        var laterInstant = Snapshot("vip", T0);

        var segment = Assert.Single(SegmentCoalescer.Coalesce(Indexed(laterInstant, earlierInstant)));

        Assert.Equal(0, segment.WinnerIndex);
    }

    [Fact]
    public void Coalesce_TieOnRequestedAt_LaterDeliveredWins()
    {
        var batch = Indexed(Snapshot("vip", T0, "a"), Snapshot("vip", T0, "b"), Snapshot("vip", T0, "c"));

        var segment = Assert.Single(SegmentCoalescer.Coalesce(batch));

        Assert.Equal(2, segment.WinnerIndex);
        Assert.Equal(["c"], segment.UserIds);
        Assert.Equal([0, 1], segment.SupersededIndexes);
    }

    [Fact]
    public void Coalesce_TieUsesBatchIndexNotListPosition_HigherIndexWins()
    {
        var first = Snapshot("vip", T0);
        var second = Snapshot("vip", T0);
        List<(int Index, SegmentImportRequested Message)> batch = [(7, first), (3, second)];

        var segment = Assert.Single(SegmentCoalescer.Coalesce(batch));

        Assert.Equal(7, segment.WinnerIndex);
        Assert.Same(first, segment.Winner);
        Assert.Equal([3], segment.SupersededIndexes);
    }

    [Fact]
    public void Coalesce_NonContiguousIndexes_ReportsBatchIndexes()
    {
        List<(int Index, SegmentImportRequested Message)> batch =
        [
            (10, Snapshot("vip", T0.AddMinutes(1))),
            (4, Snapshot("vip", T0)),
            (22, Snapshot("vip", T0.AddMinutes(2))),
        ];

        var segment = Assert.Single(SegmentCoalescer.Coalesce(batch));

        Assert.Equal(22, segment.WinnerIndex);
        Assert.Equal([4, 10], segment.SupersededIndexes);
    }

    [Fact]
    public void Coalesce_DifferentSegments_AreIndependent()
    {
        var batch = Indexed(
            Snapshot("a", T0.AddMinutes(5), "a-new"),
            Snapshot("b", T0, "b-old"),
            Snapshot("a", T0, "a-old"),
            Snapshot("b", T0.AddMinutes(1), "b-new"),
            Snapshot("c", T0.AddYears(-1), "c-only"));

        var result = SegmentCoalescer.Coalesce(batch).ToDictionary(s => s.SegmentName, StringComparer.Ordinal);

        Assert.Equal(3, result.Count);
        Assert.Equal(0, result["a"].WinnerIndex);
        Assert.Equal([2], result["a"].SupersededIndexes);
        Assert.Equal(["a-new"], result["a"].UserIds);
        Assert.Equal(3, result["b"].WinnerIndex);
        Assert.Equal([1], result["b"].SupersededIndexes);
        Assert.Equal(["b-new"], result["b"].UserIds);
        Assert.Equal(4, result["c"].WinnerIndex);
        Assert.Empty(result["c"].SupersededIndexes);
    }

    [Fact]
    public void Coalesce_NamesDifferingOnlyByWhitespace_SameSegmentTrimmedName()
    {
        var batch = Indexed(Snapshot("  vip", T0), Snapshot("vip\t", T0.AddMinutes(1)), Snapshot(" vip ", T0.AddMinutes(-1)));

        var segment = Assert.Single(SegmentCoalescer.Coalesce(batch));

        Assert.Equal("vip", segment.SegmentName);
        Assert.Equal(1, segment.WinnerIndex);
        Assert.Equal([0, 2], segment.SupersededIndexes);
    }

    [Fact]
    public void Coalesce_WinnerNameHasWhitespace_SegmentNameTrimmed()
    {
        var segment = Assert.Single(SegmentCoalescer.Coalesce(Indexed(Snapshot("  Big Spenders  ", T0))));

        Assert.Equal("Big Spenders", segment.SegmentName);
    }

    [Fact]
    public void Coalesce_NamesDifferingOnlyByCase_AreDifferentSegments()
    {
        var batch = Indexed(Snapshot("VIP", T0), Snapshot("vip", T0.AddMinutes(1)), Snapshot("Vip", T0.AddMinutes(2)));

        var result = SegmentCoalescer.Coalesce(batch);

        Assert.Equal(3, result.Count);
        Assert.All(result, s => Assert.Empty(s.SupersededIndexes));
        Assert.Equal(["VIP", "Vip", "vip"], result.Select(s => s.SegmentName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Coalesce_CultureEquivalentNames_ComparedOrdinally()
    {
        // U+00E9 vs e + combining acute: equal under linguistic comparison, different ordinally.
        var batch = Indexed(Snapshot("caf\u00e9", T0), Snapshot("cafe\u0301", T0.AddMinutes(1)));

        Assert.Equal(2, SegmentCoalescer.Coalesce(batch).Count);
    }

    [Fact]
    public void Coalesce_DuplicateDeliveryOfOnlyRequest_NoSupersededAndEarlierCopyIsDuplicate()
    {
        var message = Snapshot("vip", T0, "u1");

        var segment = Assert.Single(SegmentCoalescer.Coalesce(Indexed(message, message)));

        Assert.Equal(1, segment.WinnerIndex);
        Assert.Empty(segment.SupersededIndexes);
        Assert.Equal([0], segment.DuplicateIndexes);
    }

    [Fact]
    public void Coalesce_DuplicatedWinner_DoesNotSupersedeItself()
    {
        var winner = Snapshot("vip", T0.AddMinutes(1), "new");
        var loser = Snapshot("vip", T0, "old");

        var segment = Assert.Single(SegmentCoalescer.Coalesce(Indexed(winner, loser, winner, winner)));

        Assert.Equal(winner.RequestId, segment.Winner.RequestId);
        Assert.Equal(3, segment.WinnerIndex);
        Assert.Equal([1], segment.SupersededIndexes);
        Assert.Equal([0, 2], segment.DuplicateIndexes);
        Assert.DoesNotContain(segment.WinnerIndex, segment.SupersededIndexes);
    }

    [Fact]
    public void Coalesce_DuplicatedLoser_OneSupersededEntryPerRequestId()
    {
        var loser = Snapshot("vip", T0, "old");
        var winner = Snapshot("vip", T0.AddMinutes(1), "new");

        var segment = Assert.Single(SegmentCoalescer.Coalesce(Indexed(loser, winner, loser, loser)));

        Assert.Equal(1, segment.WinnerIndex);
        Assert.Single(segment.SupersededIndexes);
        Assert.Equal([3], segment.SupersededIndexes);
        Assert.Equal([0, 2], segment.DuplicateIndexes);
    }

    [Fact]
    public void Coalesce_ManyDuplicatedRequests_DuplicateIndexesSorted()
    {
        var a = Snapshot("vip", T0);
        var b = Snapshot("vip", T0.AddMinutes(1));
        var c = Snapshot("vip", T0.AddMinutes(2));

        var segment = Assert.Single(SegmentCoalescer.Coalesce(Indexed(c, b, a, b, c, a, a)));

        Assert.Equal(4, segment.WinnerIndex);
        Assert.Equal([3, 6], segment.SupersededIndexes);
        Assert.Equal([0, 1, 2, 5], segment.DuplicateIndexes);
    }

    [Fact]
    public void Coalesce_UserIds_TrimmedAndDeduplicatedInFirstSeenOrder()
    {
        var message = Snapshot("vip", T0, " u3", "u1 ", "u3", "\tu2\n", "u1", "u2", "u4");

        var segment = Assert.Single(SegmentCoalescer.Coalesce(Indexed(message)));

        Assert.Equal(["u3", "u1", "u2", "u4"], segment.UserIds);
    }

    [Fact]
    public void Coalesce_UserIdsDifferingByCase_KeptAsDistinct()
    {
        var segment = Assert.Single(SegmentCoalescer.Coalesce(Indexed(Snapshot("vip", T0, "User", "user", "USER", "user"))));

        Assert.Equal(["User", "user", "USER"], segment.UserIds);
    }

    [Fact]
    public void Coalesce_WinnerWithEmptyUserIdList_Allowed()
    {
        var older = Snapshot("vip", T0, "u1", "u2");
        var clear = Snapshot("vip", T0.AddMinutes(1));

        var segment = Assert.Single(SegmentCoalescer.Coalesce(Indexed(older, clear)));

        Assert.Equal(1, segment.WinnerIndex);
        Assert.Empty(segment.UserIds);
        Assert.Equal([0], segment.SupersededIndexes);
    }

    [Fact]
    public void Coalesce_UserIdsFromLosers_NotMerged()
    {
        var batch = Indexed(Snapshot("vip", T0, "loser-only"), Snapshot("vip", T0.AddMinutes(1), "winner-only"));

        var segment = Assert.Single(SegmentCoalescer.Coalesce(batch));

        Assert.Equal(["winner-only"], segment.UserIds);
    }

    [Fact]
    public void Coalesce_DoesNotMutateInputUserIds()
    {
        string[] ids = [" a", "a", "b "];
        var message = Snapshot("vip", T0, ids);

        SegmentCoalescer.Coalesce(Indexed(message));

        Assert.Equal([" a", "a", "b "], ids);
        Assert.Same(ids, message.UserIds);
    }

    [Fact]
    public void NormalizeUserIds_Empty_ReturnsEmpty()
    {
        Assert.Empty(SegmentCoalescer.NormalizeUserIds([]));
    }

    [Fact]
    public void NormalizeUserIds_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => SegmentCoalescer.NormalizeUserIds(null!));
    }

    [Fact]
    public void NormalizeUserIds_WhitespaceOnlyIds_Dropped()
    {
        Assert.Equal(["a"], SegmentCoalescer.NormalizeUserIds(["  ", "a", "", "\t"]));
    }

    [Fact]
    public void NormalizeUserIds_ManyRepeats_KeepsFirstSeenOrder()
    {
        var input = Enumerable.Range(0, 1000).Select(i => $" u{i % 37} ").ToList();

        var result = SegmentCoalescer.NormalizeUserIds(input);

        Assert.Equal(Enumerable.Range(0, 37).Select(i => $"u{i}"), result);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    [InlineData(1234)]
    [InlineData(98765)]
    public void Coalesce_RandomBatches_InvariantsHold(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var batch = RandomBatch(random);

            var result = SegmentCoalescer.Coalesce(batch);

            // Every input index is accounted for exactly once.
            var accounted = result
                .SelectMany(s => s.SupersededIndexes.Concat(s.DuplicateIndexes).Append(s.WinnerIndex))
                .ToList();
            Assert.Equal(batch.Select(b => b.Index).Order(), accounted.Order());

            // One result per distinct trimmed name.
            var names = batch.Select(b => b.Message.SegmentName.Trim()).Distinct(StringComparer.Ordinal).ToList();
            Assert.Equal(names.Order(StringComparer.Ordinal), result.Select(s => s.SegmentName).Order(StringComparer.Ordinal));

            var byIndex = batch.ToDictionary(b => b.Index, b => b.Message);
            foreach (var segment in result)
            {
                var members = batch.Where(b => string.Equals(b.Message.SegmentName.Trim(), segment.SegmentName, StringComparison.Ordinal)).ToList();

                // The winner has the max RequestedAt of its segment, and the highest index among the ties (last copies).
                var max = members.Max(m => m.Message.RequestedAt);
                Assert.Equal(max, segment.Winner.RequestedAt);
                Assert.Same(byIndex[segment.WinnerIndex], segment.Winner);
                var lastCopyOfTies = members
                    .GroupBy(m => m.Message.RequestId)
                    .Select(g => g.Max(m => m.Index))
                    .Where(i => byIndex[i].RequestedAt == max)
                    .Max();
                Assert.Equal(lastCopyOfTies, segment.WinnerIndex);

                // One superseded entry per distinct RequestId other than the winner's.
                var distinctRequests = members.Select(m => m.Message.RequestId).Distinct().Count();
                Assert.Equal(distinctRequests - 1, segment.SupersededIndexes.Count);
                Assert.Equal(
                    segment.SupersededIndexes.Count,
                    segment.SupersededIndexes.Select(i => byIndex[i].RequestId).Distinct().Count());
                Assert.DoesNotContain(segment.Winner.RequestId, segment.SupersededIndexes.Select(i => byIndex[i].RequestId));
                Assert.Equal(members.Count - distinctRequests, segment.DuplicateIndexes.Count);

                // Sorted lists.
                Assert.Equal(segment.SupersededIndexes.Order(), segment.SupersededIndexes);
                Assert.Equal(segment.DuplicateIndexes.Order(), segment.DuplicateIndexes);

                // Superseded snapshots are never newer than the winner.
                Assert.All(segment.SupersededIndexes, i => Assert.True(byIndex[i].RequestedAt <= max));

                // Normalized ids.
                Assert.Equal(SegmentCoalescer.NormalizeUserIds(segment.Winner.UserIds), segment.UserIds);
                Assert.Equal(segment.UserIds.Count, segment.UserIds.Distinct(StringComparer.Ordinal).Count());
                Assert.All(segment.UserIds, id => Assert.Equal(id.Trim(), id));
            }
        }
    }

    private static List<(int Index, SegmentImportRequested Message)> RandomBatch(Random random)
    {
        string[] names = ["a", " a", "a ", "A", "b", "c", "vip"];
        var count = random.Next(0, 30);
        var sent = new List<SegmentImportRequested>();
        var batch = new List<(int Index, SegmentImportRequested Message)>();
        for (var i = 0; i < count; i++)
        {
            SegmentImportRequested message;
            if (sent.Count > 0 && random.Next(4) == 0)
            {
                message = sent[random.Next(sent.Count)]; // a redelivered copy
            }
            else
            {
                var userIds = Enumerable.Range(0, random.Next(0, 6)).Select(_ => $" u{random.Next(5)}").ToArray();
                message = Snapshot(names[random.Next(names.Length)], T0.AddMinutes(random.Next(0, 4)), userIds);
                sent.Add(message);
            }

            batch.Add((i, message));
        }

        return batch;
    }
}
