namespace FanPass.Worker.Validation;

/// <summary>
/// Splits a batch into valid messages and validation failures so that every input id ends in exactly one outcome:
/// an id with at least one valid copy is answered by that copy's outcome (its invalid copies are acknowledged with
/// no outcome of their own); an id whose copies are all invalid gets one validation failure. Copies without an id
/// (<see cref="Guid.Empty"/>) cannot be duplicates of each other: each gets its own failure. Pure.
/// </summary>
public static class BatchValidation
{
    public static (List<(int Index, T Message)> Valid, List<(int Index, T Message, ValidationError Error)> Invalid) Partition<T>(
        IReadOnlyList<T> messages, Func<T, Guid> idOf, Func<T, ValidationError?> validate)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(idOf);
        ArgumentNullException.ThrowIfNull(validate);

        var valid = new List<(int, T)>(messages.Count);
        var failures = new List<(int Index, T Message, ValidationError Error)>();
        var validIds = new HashSet<Guid>();
        for (var i = 0; i < messages.Count; i++)
        {
            if (validate(messages[i]) is { } error)
            {
                failures.Add((i, messages[i], error));
            }
            else
            {
                valid.Add((i, messages[i]));
                validIds.Add(idOf(messages[i]));
            }
        }

        var reported = new HashSet<Guid>();
        var invalid = failures
            .Where(f => idOf(f.Message) is var id && (id == Guid.Empty || (!validIds.Contains(id) && reported.Add(id))))
            .ToList();
        return (valid, invalid);
    }
}
