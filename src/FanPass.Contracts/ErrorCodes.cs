namespace FanPass.Contracts;

/// <summary>Values of the <c>ErrorCode</c> of the failure outcomes.</summary>
public static class ErrorCodes
{
    /// <summary>The message broke a rule of the contract; it never reached FanPass. Not retriable.</summary>
    public const string Validation = "validation";

    /// <summary>FanPass answered 400, 404, 409, 413 or 422 for this item. Not retriable as it is.</summary>
    public const string FanPassRejected = "fanpass_rejected";

    /// <summary>FanPass stayed unavailable through every retry and delivery attempt. Retriable; the original is in <c>_error</c>.</summary>
    public const string FanPassUnavailable = "fanpass_unavailable";
}
