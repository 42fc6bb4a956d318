namespace FanPass.Worker.Validation;

/// <summary>Why an input message was refused before it reached FanPass. <see cref="Field"/> names the offending field.</summary>
public sealed record ValidationError(string Field, string Message)
{
    /// <summary>The text that goes into the outcome's <c>Reason</c>: never a value, only the field and the rule.</summary>
    public string Reason => $"{Field}: {Message}";
}
