using FanPass.Worker.Validation;

namespace FanPass.Worker.Tests.Validation;

public sealed class BatchValidationTests
{
    private sealed record Item(Guid Id, bool Ok);

    private static (List<(int Index, Item Message)> Valid, List<(int Index, Item Message, ValidationError Error)> Invalid) Partition(params Item[] items) =>
        BatchValidation.Partition(items, i => i.Id, i => i.Ok ? null : new ValidationError("Field", "bad"));

    [Fact]
    public void Partition_ValidAndInvalidCopiesOfOneId_OnlyTheValidCopyCounts()
    {
        var id = Guid.NewGuid();

        var (valid, invalid) = Partition(new Item(id, false), new Item(id, true));

        Assert.Equal([1], valid.Select(v => v.Index));
        Assert.Empty(invalid);
    }

    [Fact]
    public void Partition_TwoInvalidCopiesOfOneId_OneFailure()
    {
        var id = Guid.NewGuid();

        var (valid, invalid) = Partition(new Item(id, false), new Item(id, false));

        Assert.Empty(valid);
        Assert.Equal([0], invalid.Select(i => i.Index));
    }

    [Fact]
    public void Partition_InvalidMessagesWithoutId_EachFails()
    {
        var (_, invalid) = Partition(new Item(Guid.Empty, false), new Item(Guid.Empty, false), new Item(Guid.Empty, false));

        Assert.Equal([0, 1, 2], invalid.Select(i => i.Index));
    }

    [Fact]
    public void Partition_MixedBatch_EveryIdAnsweredOnce()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var c = Guid.NewGuid();

        var (valid, invalid) = Partition(new Item(a, true), new Item(b, false), new Item(a, true), new Item(c, false), new Item(b, false));

        Assert.Equal([0, 2], valid.Select(v => v.Index));
        Assert.Equal([1, 3], invalid.Select(i => i.Index));
    }
}
