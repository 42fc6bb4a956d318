using System.Globalization;
using MassTransit;

namespace FanPass.Worker.Pipeline;

/// <summary>
/// Puts single inputs of a batch back on their queue, or into its <c>_error</c> queue, before the batch is
/// acknowledged. MassTransit acknowledges a batch as a whole; this is how one member of a batch is redelivered
/// while the others complete. Every send waits for the broker's publisher confirm, so an input is never
/// acknowledged before its copy is safe.
/// </summary>
/// <remarks>
/// Copies go to the queue's exchange (<c>exchange:name</c>), not to <c>queue:name</c>: sending to a queue address
/// re-declares the queue, and with quorum queues a declaration without <c>x-queue-type</c> is refused by the broker.
/// </remarks>
public sealed class InputRedelivery(TimeProvider timeProvider)
{
    /// <summary>Sends <paramref name="context"/>'s message back to <paramref name="queueName"/> as delivery <paramref name="nextAttempt"/>.</summary>
    public async Task RequeueAsync<T>(ConsumeContext<T> context, string queueName, int nextAttempt, int httpAttemptsSoFar, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = await context.GetSendEndpoint(new Uri($"exchange:{queueName}"));
        var firstSent = DeliveryHeaders.GetFirstSentTime(context);
        await endpoint.Send(context.Message, send =>
        {
            CopyIdentity(context, send);
            send.Headers.Set(DeliveryHeaders.DeliveryAttempt, nextAttempt);
            send.Headers.Set(DeliveryHeaders.HttpAttempts, httpAttemptsSoFar);
            if (firstSent is { } sent)
            {
                send.Headers.Set(DeliveryHeaders.FirstSentTime, sent.ToString("O", CultureInfo.InvariantCulture));
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Moves <paramref name="context"/>'s message to <c>{queueName}_error</c>, MassTransit's error queue of the input
    /// queue, with the reason in headers, so an operator can inspect and replay it. Sent through the <c>_error</c>
    /// exchange, which <see cref="Messaging.ErrorQueueTopology"/> declared and bound at start with the right queue type.
    /// </summary>
    public async Task DeadLetterAsync<T>(ConsumeContext<T> context, string queueName, string errorCode, string reason, int deliveryAttempts, int httpAttempts, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = await context.GetSendEndpoint(new Uri($"exchange:{queueName}_error"));
        await endpoint.Send(context.Message, send =>
        {
            CopyIdentity(context, send);
            send.Headers.Set(MessageHeaders.Reason, "fault");
            send.Headers.Set(MessageHeaders.FaultMessage, reason);
            send.Headers.Set(MessageHeaders.FaultTimestamp, timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            send.Headers.Set(MessageHeaders.FaultInputAddress, context.ReceiveContext.InputAddress?.ToString());
            send.Headers.Set(DeliveryHeaders.ErrorCode, errorCode);
            send.Headers.Set(DeliveryHeaders.ErrorReason, reason);
            send.Headers.Set(DeliveryHeaders.DeliveryAttempt, deliveryAttempts);
            send.Headers.Set(DeliveryHeaders.HttpAttempts, httpAttempts);
        }, cancellationToken);
    }

    private static void CopyIdentity<T>(ConsumeContext<T> source, SendContext<T> send)
        where T : class
    {
        send.CorrelationId = source.CorrelationId;
        send.ConversationId = source.ConversationId;
        send.InitiatorId = source.InitiatorId ?? source.MessageId;
    }
}
