using MassTransit;

namespace FanPass.Worker.Pipeline;

/// <summary>
/// Headers the worker adds when it puts an input back on its queue, so a redelivered copy knows its history.
/// A first delivery has none of them.
/// </summary>
public static class DeliveryHeaders
{
    /// <summary>Which delivery of the input this is (1 on the first).</summary>
    public const string DeliveryAttempt = "FanPass-Delivery-Attempt";

    /// <summary>HTTP attempts already spent on the input by earlier deliveries.</summary>
    public const string HttpAttempts = "FanPass-Http-Attempts";

    /// <summary>When the input was first sent by its publisher (for the end-to-end latency metric).</summary>
    public const string FirstSentTime = "FanPass-First-Sent";

    /// <summary>On a message in <c>_error</c>: the outcome error code.</summary>
    public const string ErrorCode = "FanPass-Error-Code";

    /// <summary>On a message in <c>_error</c>: the outcome reason.</summary>
    public const string ErrorReason = "FanPass-Error-Reason";

    public static int GetDeliveryAttempt(ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Math.Max(1, context.Headers.Get(DeliveryAttempt, (int?)1) ?? 1);
    }

    public static int GetPriorHttpAttempts(ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Math.Max(0, context.Headers.Get(HttpAttempts, (int?)0) ?? 0);
    }

    public static DateTimeOffset? GetFirstSentTime(ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.Headers.Get<string>(FirstSentTime);
        if (header is not null && DateTimeOffset.TryParse(header, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var parsed))
        {
            return parsed;
        }

        return context.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : null;
    }
}
