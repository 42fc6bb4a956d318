using FanPass.Contracts;
using FanPass.Worker.Pipeline;
using FanPass.Worker.Segments;

namespace FanPass.Worker.Tests.Segments;

public sealed class SegmentImportValidatorTests
{
    private static readonly WorkerOptions Options = new() { MaxSegmentNameLength = 10, MaxSegmentUserIds = 3, MaxUserIdLength = 5 };

    private static readonly SegmentImportValidator Validator = new(Options);

    private static SegmentImportRequested Valid() => new()
    {
        RequestId = Guid.NewGuid(),
        SegmentName = "vip",
        UserIds = ["u1", "u2"],
        RequestedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Validate_ValidMessage_ReturnsNull()
    {
        Assert.Null(Validator.Validate(Valid()));
    }

    [Fact]
    public void Validate_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Validator.Validate(null!));
    }

    [Fact]
    public void Validate_EmptyUserIdList_ReturnsNull()
    {
        Assert.Null(Validator.Validate(Valid() with { UserIds = [] }));
    }

    [Fact]
    public void Validate_UserIdsAtMaximumCount_ReturnsNull()
    {
        Assert.Null(Validator.Validate(Valid() with { UserIds = ["a", "b", "c"] }));
    }

    [Fact]
    public void Validate_NameAtMaximumLength_ReturnsNull()
    {
        Assert.Null(Validator.Validate(Valid() with { SegmentName = new string('n', 10) }));
    }

    [Fact]
    public void Validate_NameOverMaximumOnlyBySurroundingWhitespace_ReturnsNull()
    {
        Assert.Null(Validator.Validate(Valid() with { SegmentName = "  " + new string('n', 10) + "  " }));
    }

    [Fact]
    public void Validate_UserIdAtMaximumLengthWithWhitespace_ReturnsNull()
    {
        Assert.Null(Validator.Validate(Valid() with { UserIds = [" abcde "] }));
    }

    [Fact]
    public void Validate_DuplicateUserIds_ReturnsNull()
    {
        Assert.Null(Validator.Validate(Valid() with { UserIds = ["a", "a", " a"] }));
    }

    [Fact]
    public void Validate_EmptyRequestId_FieldIsRequestId()
    {
        var error = Validator.Validate(Valid() with { RequestId = Guid.Empty });

        Assert.NotNull(error);
        Assert.Equal("RequestId", error.Field);
        Assert.StartsWith("RequestId:", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n")]
    public void Validate_EmptyOrWhitespaceSegmentName_FieldIsSegmentName(string name)
    {
        var error = Validator.Validate(Valid() with { SegmentName = name });

        Assert.NotNull(error);
        Assert.Equal("SegmentName", error.Field);
    }

    [Fact]
    public void Validate_NullSegmentName_FieldIsSegmentName()
    {
        var error = Validator.Validate(Valid() with { SegmentName = null! });

        Assert.NotNull(error);
        Assert.Equal("SegmentName", error.Field);
    }

    [Fact]
    public void Validate_OverLongSegmentName_FieldIsSegmentNameAndReasonHasNoValue()
    {
        var name = "SECRETNAME1";

        var error = Validator.Validate(Valid() with { SegmentName = name });

        Assert.NotNull(error);
        Assert.Equal("SegmentName", error.Field);
        Assert.Contains("10", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(name, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DefaultRequestedAt_FieldIsRequestedAt()
    {
        var error = Validator.Validate(Valid() with { RequestedAt = default });

        Assert.NotNull(error);
        Assert.Equal("RequestedAt", error.Field);
    }

    [Fact]
    public void Validate_NullUserIds_FieldIsUserIds()
    {
        var error = Validator.Validate(Valid() with { UserIds = null! });

        Assert.NotNull(error);
        Assert.Equal("UserIds", error.Field);
    }

    [Fact]
    public void Validate_TooManyUserIds_FieldIsUserIds()
    {
        var error = Validator.Validate(Valid() with { UserIds = ["a", "b", "c", "d"] });

        Assert.NotNull(error);
        Assert.Equal("UserIds", error.Field);
        Assert.Contains("3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(1, " ")]
    [InlineData(2, "\t")]
    public void Validate_EmptyUserIdAtIndex_FieldNamesIndex(int index, string empty)
    {
        var ids = new[] { "a", "b", "c" };
        ids[index] = empty;

        var error = Validator.Validate(Valid() with { UserIds = ids });

        Assert.NotNull(error);
        Assert.Equal($"UserIds[{index}]", error.Field);
    }

    [Fact]
    public void Validate_NullUserIdInList_FieldNamesIndex()
    {
        var error = Validator.Validate(Valid() with { UserIds = ["a", null!] });

        Assert.NotNull(error);
        Assert.Equal("UserIds[1]", error.Field);
    }

    [Fact]
    public void Validate_OverLongUserId_FieldNamesIndexAndReasonHasNoValue()
    {
        var error = Validator.Validate(Valid() with { UserIds = ["ok", "SECRET"] });

        Assert.NotNull(error);
        Assert.Equal("UserIds[1]", error.Field);
        Assert.DoesNotContain("SECRET", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsFirstInFieldOrder()
    {
        var error = Validator.Validate(new SegmentImportRequested { RequestId = Guid.Empty, SegmentName = "", UserIds = null! });

        Assert.NotNull(error);
        Assert.Equal("RequestId", error.Field);
    }

    [Fact]
    public void Validate_DefaultOptions_AcceptsTypicalMessage()
    {
        var validator = new SegmentImportValidator(new WorkerOptions());

        Assert.Null(validator.Validate(Valid() with { SegmentName = new string('s', 200), UserIds = [new string('u', 256)] }));
        Assert.NotNull(validator.Validate(Valid() with { SegmentName = new string('s', 201) }));
        Assert.NotNull(validator.Validate(Valid() with { UserIds = [new string('u', 257)] }));
    }
}
