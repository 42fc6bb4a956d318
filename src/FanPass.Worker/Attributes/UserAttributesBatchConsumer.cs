using System.Text.Json.Nodes;
using FanPass.Contracts;
using FanPass.Worker.Diagnostics;
using FanPass.Worker.FanPassApi;
using FanPass.Worker.Pipeline;
using FanPass.Worker.Validation;
using MassTransit;

namespace FanPass.Worker.Attributes;

/// <summary>
/// Consumes batches of <see cref="UserAttributesChanged"/>: validates, merges per user, makes one FanPass update per
/// user per batch, and publishes exactly one outcome per event id before the batch is acknowledged.
/// </summary>
public sealed partial class UserAttributesBatchConsumer(
    IFanPassClient client,
    UserAttributesValidator validator,
    BatchPipeline pipeline,
    ILogger<UserAttributesBatchConsumer> logger)
    : IConsumer<Batch<UserAttributesChanged>>
{
    private readonly WorkerOptions _options = pipeline.Options;
    private readonly TimeProvider _timeProvider = pipeline.TimeProvider;

    public async Task Consume(ConsumeContext<Batch<UserAttributesChanged>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var activity = PipelineTelemetry.StartBatch(PipelineTelemetry.AttributeBatchSpan, context.Message);
        try
        {
            await ConsumeBatchAsync(context, activity);
        }
        catch (Exception ex) when (PipelineTelemetry.BatchFailedFilter(activity, ex))
        {
            throw; // not reached: the filter returns false after recording the failure on the span
        }
    }

    private async Task ConsumeBatchAsync(ConsumeContext<Batch<UserAttributesChanged>> context, System.Diagnostics.Activity? activity)
    {
        var batch = context.Message;
        var work = new BatchWork(nameof(UserAttributesChanged), _timeProvider);
        var cancellationToken = context.CancellationToken;

        var (valid, invalid) = BatchValidation.Partition(batch.Select(item => item.Message).ToList(), m => m.EventId, validator.Validate);
        foreach (var (index, message, error) in invalid)
        {
            LogInvalid(logger, message.EventId, error.Field);
            work.Outcome(batch[index], new UserAttributesUpdateFailed
            {
                UserId = message.UserId?.Trim() ?? string.Empty,
                SourceEventIds = [message.EventId],
                ErrorCode = ErrorCodes.Validation,
                Reason = error.Reason,
                Retriable = false,
                Attempts = 0,
                FailedAt = _timeProvider.GetUtcNow(),
            }, message.EventId);
        }

        var updates = AttributeCoalescer.Coalesce(valid);
        await Task.WhenAll(updates.Select(update => UpdateAsync(batch, update, work, cancellationToken)));
        await work.CompleteAsync(pipeline.SendPipeline);
        PipelineTelemetry.BatchCompleted(activity, updates.Count, work);
        LogBatch(logger, batch.Length, updates.Count, work.Requeued, work.DeadLettered);
    }

    private async Task UpdateAsync(Batch<UserAttributesChanged> batch, CoalescedUserUpdate update, BatchWork work, CancellationToken cancellationToken)
    {
        var sources = update.SourceIndexes.Select(i => batch[i]).ToList();
        var deliveryAttempt = sources.Max(DeliveryHeaders.GetDeliveryAttempt);
        var priorHttpAttempts = sources.Max(DeliveryHeaders.GetPriorHttpAttempts);
        var correlation = update.SourceEventIds[0];

        if (pipeline.Consumption.IsPaused)
        {
            RequeueAll(work, sources, deliveryAttempt, priorHttpAttempts);
            return;
        }

        using (await pipeline.Guard.LockAsync("user:" + update.UserId, cancellationToken))
        {
            // Drop keys for which a newer value has already been applied (a parallel batch, or this copy was redelivered).
            var properties = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var (key, value) in update.Properties)
            {
                if (!pipeline.Watermarks.TryGet(WatermarkKey(update.UserId, key), out var applied) || applied.At <= update.KeyTimestamps[key])
                {
                    properties[key] = value;
                }
            }

            FanPassCallResult result = properties.Count == 0
                ? new FanPassCallResult(FanPassCallOutcome.Success, null, "every key already newer in FanPass", 0)
                : await client.UpdateUserAttributesAsync(update.UserId, properties, cancellationToken);
            if (properties.Count > 0)
            {
                work.FanPassCalled(update.SourceIndexes.Count);
            }

            var attempts = priorHttpAttempts + result.Attempts;
            switch (FanPassFailureClassifier.Decide(result, deliveryAttempt, _options.MaxDeliveryAttempts))
            {
                case FanPassFailureDecision.Succeeded:
                    foreach (var key in properties.Keys)
                    {
                        pipeline.Watermarks.Advance(WatermarkKey(update.UserId, key), update.KeyTimestamps[key], correlation);
                    }

                    work.Outcome(sources[0], new UserAttributesUpdated
                    {
                        UserId = update.UserId,
                        SourceEventIds = update.SourceEventIds,
                        AttributeKeys = [.. properties.Keys.Order(StringComparer.Ordinal)],
                        Attempts = attempts,
                        CompletedAt = _timeProvider.GetUtcNow(),
                    }, correlation);
                    break;

                case FanPassFailureDecision.Reject:
                    work.Outcome(sources[0], Failed(update, ErrorCodes.FanPassRejected, result, attempts, retriable: false), correlation);
                    break;

                case FanPassFailureDecision.Redeliver:
                    LogRedeliver(logger, update.SourceEventIds.Count, deliveryAttempt + 1, _options.MaxDeliveryAttempts);
                    RequeueAll(work, sources, deliveryAttempt + 1, attempts);
                    break;

                case FanPassFailureDecision.GiveUp:
                    var failed = Failed(update, ErrorCodes.FanPassUnavailable, result, attempts, retriable: true);
                    work.Outcome(sources[0], failed, correlation);
                    foreach (var source in sources)
                    {
                        work.DeadLetter(ct => pipeline.Redelivery.DeadLetterAsync(source, _options.AttributesQueue, failed.ErrorCode, failed.Reason, deliveryAttempt, attempts, ct));
                    }

                    break;

                case FanPassFailureDecision.PauseAndReturn:
                    pipeline.Consumption.Pause(FanPassFailureClassifier.PauseReasonOf(result), result.RetryAfter);
                    RequeueAll(work, sources, deliveryAttempt, attempts);
                    break;
            }
        }
    }

    private void RequeueAll(BatchWork work, List<ConsumeContext<UserAttributesChanged>> sources, int deliveryAttempt, int httpAttempts)
    {
        foreach (var source in sources)
        {
            work.Requeue(ct => pipeline.Redelivery.RequeueAsync(source, _options.AttributesQueue, deliveryAttempt, httpAttempts, ct));
        }
    }

    private UserAttributesUpdateFailed Failed(CoalescedUserUpdate update, string errorCode, FanPassCallResult result, int attempts, bool retriable) => new()
    {
        UserId = update.UserId,
        SourceEventIds = update.SourceEventIds,
        ErrorCode = errorCode,
        Reason = FanPassFailureClassifier.FailureReason(result, errorCode, _options.MaxDeliveryAttempts),
        HttpStatus = result.HttpStatus,
        Retriable = retriable,
        Attempts = attempts,
        FailedAt = _timeProvider.GetUtcNow(),
    };

    private static string WatermarkKey(string userId, string key) => string.Concat("user:", userId, "\n", key);

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "User attribute event {EventId} is invalid: field {Field}.")]
    private static partial void LogInvalid(ILogger logger, Guid eventId, string field);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "User attribute update of {Events} events: FanPass unavailable, redelivering as delivery {Attempt} of {MaxAttempts}.")]
    private static partial void LogRedeliver(ILogger logger, int events, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "Attribute batch: {Messages} messages, {Updates} user updates, {Requeued} requeued, {DeadLettered} to _error.")]
    private static partial void LogBatch(ILogger logger, int messages, int updates, int requeued, int deadLettered);
}
