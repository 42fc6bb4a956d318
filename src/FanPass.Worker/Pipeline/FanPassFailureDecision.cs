using FanPass.Worker.FanPassApi;

namespace FanPass.Worker.Pipeline;

/// <summary>What to do with an input after its FanPass call (DESIGN section 4). Pure.</summary>
public enum FanPassFailureDecision
{
    /// <summary>The call succeeded.</summary>
    Succeeded,

    /// <summary>Permanent for this item: fail it with <c>fanpass_rejected</c>.</summary>
    Reject,

    /// <summary>Transient and deliveries remain: put it back on the queue as the next delivery.</summary>
    Redeliver,

    /// <summary>Transient and the last delivery: fail it with <c>fanpass_unavailable</c>, original to <c>_error</c>.</summary>
    GiveUp,

    /// <summary>Systemic (401/403, breaker open, sustained throttling): put it back without spending a delivery, and pause consumption.</summary>
    PauseAndReturn,
}

/// <summary>Classifies a FanPass result against the delivery count.</summary>
public static class FanPassFailureClassifier
{
    public static FanPassFailureDecision Decide(FanPassCallResult result, int deliveryAttempt, int maxDeliveryAttempts)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Outcome switch
        {
            FanPassCallOutcome.Success => FanPassFailureDecision.Succeeded,
            FanPassCallOutcome.Rejected => FanPassFailureDecision.Reject,
            // Throttling is FanPass asking for less traffic, not failing: wait as asked, spend no delivery.
            FanPassCallOutcome.TransientExhausted when IsThrottled(result) => FanPassFailureDecision.PauseAndReturn,
            FanPassCallOutcome.TransientExhausted when deliveryAttempt >= maxDeliveryAttempts => FanPassFailureDecision.GiveUp,
            FanPassCallOutcome.TransientExhausted => FanPassFailureDecision.Redeliver,
            FanPassCallOutcome.Unauthorized or FanPassCallOutcome.CircuitOpen => FanPassFailureDecision.PauseAndReturn,
            _ => throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, "Unknown FanPass outcome."),
        };
    }

    public static PauseReason PauseReasonOf(FanPassCallResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Outcome switch
        {
            FanPassCallOutcome.Unauthorized => PauseReason.Unauthorized,
            FanPassCallOutcome.CircuitOpen => PauseReason.Outage,
            FanPassCallOutcome.TransientExhausted when IsThrottled(result) => PauseReason.Throttled,
            _ => PauseReason.None,
        };
    }

    /// <summary>Still 429 after every retry (each honouring <c>Retry-After</c>): FanPass wants less traffic.</summary>
    public static bool IsThrottled(FanPassCallResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Outcome == FanPassCallOutcome.TransientExhausted && result.HttpStatus == 429;
    }

    /// <summary>The <c>Reason</c> of a FanPass failure outcome: FanPass's own short reason, or what gave out.</summary>
    public static string FailureReason(FanPassCallResult result, string errorCode, int maxDeliveryAttempts)
    {
        ArgumentNullException.ThrowIfNull(result);
        return errorCode == Contracts.ErrorCodes.FanPassUnavailable
            ? $"FanPass unavailable after {maxDeliveryAttempts} deliveries: {result.Reason ?? "no response"}"
            : result.Reason ?? $"FanPass answered {result.HttpStatus}";
    }
}
