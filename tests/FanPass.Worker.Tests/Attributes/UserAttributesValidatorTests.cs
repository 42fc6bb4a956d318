using System.Text.Json;
using System.Text.Json.Nodes;
using FanPass.Contracts;
using FanPass.Worker.Attributes;
using FanPass.Worker.Pipeline;

namespace FanPass.Worker.Tests.Attributes;

public sealed class UserAttributesValidatorTests
{
    private const string Secret = "S3CR3T-VALUE-7f1c";

    private static readonly UserAttributesValidator Validator = new(new WorkerOptions { MaxUserIdLength = 5, MaxAttributesPerEvent = 3 });

    private static UserAttributesChanged Valid(params (string Key, JsonNode? Value)[] attributes) => new()
    {
        EventId = Guid.NewGuid(),
        UserId = "u1",
        OccurredAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Attributes = (attributes.Length == 0 ? [("custom.tier", (JsonNode?)"gold")] : attributes)
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
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

    public static TheoryData<string, string> ValidValues() => new()
    {
        { "custom.s", "\"text\"" },
        { "custom.empty", "\"\"" },
        { "custom.i", "12" },
        { "custom.neg", "-3.75" },
        { "custom.big", "1e300" },
        { "custom.t", "true" },
        { "custom.f", "false" },
        { "custom.null", "null" },
        { "custom.arr", "[\"a\",\"b\"]" },
        { "custom.mixed", "[1,\"a\",true,null,2.5]" },
        { "custom.emptyarr", "[]" },
        { "user_properties.s", "\"text\"" },
        { "user_properties.arr", "[1,2,3]" },
    };

    [Theory]
    [MemberData(nameof(ValidValues))]
    public void Validate_ScalarNullOrArrayOfScalars_ReturnsNull(string key, string json)
    {
        Assert.Null(Validator.Validate(Valid((key, JsonNode.Parse(json)))));
    }

    [Fact]
    public void Validate_CSharpLiteralValues_ReturnsNull()
    {
        var message = Valid(("custom.a", "gold"), ("user_properties.b", 12), ("custom.c", new JsonArray("x", 1, null, false)));

        Assert.Null(Validator.Validate(message));
    }

    [Fact]
    public void Validate_JsonValueFromScalarElement_ReturnsNull()
    {
        using var document = JsonDocument.Parse("42");

        Assert.Null(Validator.Validate(Valid(("custom.n", JsonValue.Create(document.RootElement.Clone())))));
    }

    [Fact]
    public void Validate_BothPrefixesInOneMessage_ReturnsNull()
    {
        Assert.Null(Validator.Validate(Valid(("custom.a", 1), ("user_properties.b", 2))));
    }

    [Fact]
    public void Validate_MaximumAttributeCount_ReturnsNull()
    {
        Assert.Null(Validator.Validate(Valid(("custom.a", 1), ("custom.b", 2), ("custom.c", 3))));
    }

    [Fact]
    public void Validate_UserIdAtMaximumWithSurroundingWhitespace_ReturnsNull()
    {
        Assert.Null(Validator.Validate(Valid() with { UserId = "  abcde  " }));
    }

    [Fact]
    public void Validate_EmptyEventId_FieldIsEventId()
    {
        var error = Validator.Validate(Valid() with { EventId = Guid.Empty });

        Assert.NotNull(error);
        Assert.Equal("EventId", error.Field);
        Assert.StartsWith("EventId:", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n")]
    [InlineData(null)]
    public void Validate_EmptyUserId_FieldIsUserId(string? userId)
    {
        var error = Validator.Validate(Valid() with { UserId = userId! });

        Assert.NotNull(error);
        Assert.Equal("UserId", error.Field);
    }

    [Fact]
    public void Validate_OverLongUserId_FieldIsUserIdAndReasonHasNoValue()
    {
        var error = Validator.Validate(Valid() with { UserId = Secret });

        Assert.NotNull(error);
        Assert.Equal("UserId", error.Field);
        Assert.DoesNotContain(Secret, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DefaultOccurredAt_FieldIsOccurredAt()
    {
        var error = Validator.Validate(Valid() with { OccurredAt = default });

        Assert.NotNull(error);
        Assert.Equal("OccurredAt", error.Field);
    }

    [Fact]
    public void Validate_NullAttributes_FieldIsAttributes()
    {
        var error = Validator.Validate(Valid() with { Attributes = null! });

        Assert.NotNull(error);
        Assert.Equal("Attributes", error.Field);
    }

    [Fact]
    public void Validate_EmptyAttributes_FieldIsAttributes()
    {
        var error = Validator.Validate(Valid() with { Attributes = new Dictionary<string, JsonNode?>() });

        Assert.NotNull(error);
        Assert.Equal("Attributes", error.Field);
    }

    [Fact]
    public void Validate_TooManyAttributes_FieldIsAttributes()
    {
        var error = Validator.Validate(Valid(("custom.a", 1), ("custom.b", 2), ("custom.c", 3), ("custom.d", Secret)));

        Assert.NotNull(error);
        Assert.Equal("Attributes", error.Field);
        Assert.Contains("3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tier")]
    [InlineData("Custom.tier")]
    [InlineData("CUSTOM.tier")]
    [InlineData("User_Properties.tier")]
    [InlineData("user_properties_tier")]
    [InlineData("customtier")]
    [InlineData(" custom.tier")]
    [InlineData("properties.tier")]
    [InlineData(".custom.tier")]
    public void Validate_KeyWithoutPrefix_FieldNamesKey(string key)
    {
        var error = Validator.Validate(Valid((key, Secret)));

        Assert.NotNull(error);
        Assert.Equal($"Attributes[{key}]", error.Field);
        Assert.Contains("custom.", error.Message, StringComparison.Ordinal);
        Assert.Contains("user_properties.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_EmptyKey_FieldIsAttributesEntry(string key)
    {
        var error = Validator.Validate(Valid((key, Secret)));

        Assert.NotNull(error);
        Assert.StartsWith("Attributes[", error.Field, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("custom.", "custom.")]
    [InlineData("custom.   ", "custom.")]
    [InlineData("user_properties.", "user_properties.")]
    [InlineData("user_properties.\t", "user_properties.")]
    public void Validate_PrefixWithEmptyName_FieldNamesKey(string key, string prefix)
    {
        var error = Validator.Validate(Valid((key, Secret)));

        Assert.NotNull(error);
        Assert.Equal($"Attributes[{key}]", error.Field);
        Assert.Contains($"'{prefix}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ObjectValue_FieldNamesKeyAndReasonHasNoValue()
    {
        var error = Validator.Validate(Valid(("custom.ok", 1), ("custom.obj", new JsonObject { ["inner"] = Secret })));

        Assert.NotNull(error);
        Assert.Equal("Attributes[custom.obj]", error.Field);
        Assert.Contains("object", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("inner", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyObjectValue_FieldNamesKey()
    {
        var error = Validator.Validate(Valid(("user_properties.obj", JsonNode.Parse("{}"))));

        Assert.NotNull(error);
        Assert.Equal("Attributes[user_properties.obj]", error.Field);
    }

    [Fact]
    public void Validate_ArrayContainingObject_FieldNamesKeyAndReasonHasNoValue()
    {
        var error = Validator.Validate(Valid(("custom.arr", new JsonArray("a", new JsonObject { ["x"] = Secret }))));

        Assert.NotNull(error);
        Assert.Equal("Attributes[custom.arr]", error.Field);
        Assert.DoesNotContain(Secret, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NestedArray_FieldNamesKeyAndReasonHasNoValue()
    {
        var error = Validator.Validate(Valid(("custom.arr", JsonNode.Parse($"[1,[\"{Secret}\"]]"))));

        Assert.NotNull(error);
        Assert.Equal("Attributes[custom.arr]", error.Field);
        Assert.DoesNotContain(Secret, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_JsonValueWrappingObject_FieldNamesKey()
    {
        // A JsonValue over a POCO serializes as an object although it is not a JsonObject.
        JsonNode? value = JsonValue.Create(new Wrapped { X = Secret });

        var error = Validator.Validate(Valid(("custom.v", value)));

        Assert.NotNull(error);
        Assert.Equal("Attributes[custom.v]", error.Field);
        Assert.DoesNotContain(Secret, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ArrayHoldingJsonValueWrappingObject_FieldNamesKey()
    {
        var element = JsonValue.Create(new Wrapped { X = Secret });

        var error = Validator.Validate(Valid(("custom.v", new JsonArray(1, element))));

        Assert.NotNull(error);
        Assert.Equal("Attributes[custom.v]", error.Field);
        Assert.DoesNotContain(Secret, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StringValueThatLooksLikeJsonObject_ReturnsNull()
    {
        Assert.Null(Validator.Validate(Valid(("custom.s", "{\"a\":1}"))));
    }

    [Fact]
    public void Validate_ReasonNeverContainsValue_ForEveryValueRule()
    {
        JsonNode?[] badValues =
        [
            new JsonObject { ["k"] = Secret },
            new JsonArray(new JsonObject { ["k"] = Secret }),
            new JsonArray(new JsonArray(Secret)),
        ];

        foreach (var value in badValues)
        {
            var error = Validator.Validate(Valid(("custom.v", value)));
            Assert.NotNull(error);
            Assert.DoesNotContain(Secret, error.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_FirstBadKeyAfterGoodOnes_Reported()
    {
        var error = Validator.Validate(Valid(("custom.a", 1), ("bad", 2)));

        Assert.NotNull(error);
        Assert.Equal("Attributes[bad]", error.Field);
    }

    [Theory]
    [InlineData("custom.x", true)]
    [InlineData("user_properties.x", true)]
    [InlineData("custom.x.y", true)]
    [InlineData("custom. x", true)]
    [InlineData("custom.", false)]
    [InlineData("user_properties.", false)]
    [InlineData("x", false)]
    [InlineData("", false)]
    public void KeyError_Key_ValidOrNot(string key, bool valid)
    {
        Assert.Equal(valid, UserAttributesValidator.KeyError(key) is null);
    }

    [Fact]
    public void ValueError_Null_IsValid()
    {
        Assert.Null(UserAttributesValidator.ValueError(null));
    }

    public sealed class Wrapped
    {
        public string X { get; set; } = "";
    }
}
