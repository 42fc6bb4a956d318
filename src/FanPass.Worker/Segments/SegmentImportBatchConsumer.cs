using FanPass.Contracts;
using FanPass.Worker.Diagnostics;
using FanPass.Worker.FanPassApi;
using FanPass.Worker.Pipeline;
using FanPass.Worker.Validation;
using MassTransit;

namespace FanPass.Worker.Segments;

/// <summary>
/// Consumes batches of <see cref="SegmentImportRequested"/>: validates, keeps the newest snapshot per segment,
/// imports it into FanPass, and publishes exactly one outcome per request before the batch is acknowledged.
/// </summary>
public sealed partial class SegmentImportBatchConsumer(
    IFanPassClient client,
    SegmentImportValidator validator,
    BatchPipeline pipeline,
    ILogger<SegmentImportBatchConsumer> logger)
    : IConsumer<Batch<SegmentImportRequested>>
{
    private readonly WorkerOptions _options = pipeline.Options;
    private readonly TimeProvider _timeProvider = pipeline.TimeProvider;

    public async Task Consume(ConsumeContext<Batch<SegmentImportRequested>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var activity = PipelineTelemetry.StartBatch(PipelineTelemetry.SegmentBatchSpan, context.Message);
        try
        {
            await ConsumeBatchAsync(context, activity);
        }
        catch (Exception ex) when (PipelineTelemetry.BatchFailedFilter(activity, ex))
        {
            throw; // not reached: the filter returns false after recording the failure on the span
        }
    }

    private async Task ConsumeBatchAsync(ConsumeContext<Batch<SegmentImportRequested>> context, System.Diagnostics.Activity? activity)
    {
        var batch = context.Message;
        var work = new BatchWork(nameof(SegmentImportRequested), _timeProvider);
        var cancellationToken = context.CancellationToken;

        var (valid, invalid) = BatchValidation.Partition(batch.Select(item => item.Message).ToList(), m => m.RequestId, validator.Validate);
        foreach (var (index, message, error) in invalid)
        {
            LogInvalid(logger, message.RequestId, error.Field);
            work.Outcome(batch[index], new SegmentImportFailed
            {
                RequestId = message.RequestId,
                SegmentName = message.SegmentName ?? string.Empty,
                ErrorCode = ErrorCodes.Validation,
                Reason = error.Reason,
                Retriable = false,
                Attempts = 0,
                FailedAt = _timeProvider.GetUtcNow(),
            }, message.RequestId);
        }

        var imports = SegmentCoalescer.Coalesce(valid);
        foreach (var import in imports)
        {
            foreach (var index in import.SupersededIndexes)
            {
                Superseded(work, batch[index], import.SegmentName, import.Winner.RequestId);
            }
        }

        await Task.WhenAll(imports.Select(import => ImportAsync(batch, import, work, cancellationToken)));
        await work.CompleteAsync(pipeline.SendPipeline);
        PipelineTelemetry.BatchCompleted(activity, imports.Count, work);
        LogBatch(logger, batch.Length, imports.Count, work.Requeued, work.DeadLettered);
    }

    private async Task ImportAsync(Batch<SegmentImportRequested> batch, CoalescedSegment import, BatchWork work, CancellationToken cancellationToken)
    {
        var source = batch[import.WinnerIndex];
        var deliveryAttempt = DeliveryHeaders.GetDeliveryAttempt(source);
        var priorHttpAttempts = DeliveryHeaders.GetPriorHttpAttempts(source);

        if (pipeline.Consumption.IsPaused)
        {
            work.Requeue(ct => pipeline.Redelivery.RequeueAsync(source, _options.SegmentQueue, deliveryAttempt, priorHttpAttempts, ct));
            return;
        }

        var key = "segment:" + import.SegmentName;
        using (await pipeline.Guard.LockAsync(key, cancellationToken))
        {
            if (pipeline.Watermarks.TryGet(key, out var applied) && applied.At > import.Winner.RequestedAt && applied.SourceId != import.Winner.RequestId)
            {
                // A newer snapshot of this segment was already imported (by a parallel batch or before this copy was redelivered).
                Superseded(work, source, import.SegmentName, applied.SourceId);
                return;
            }

            var result = await client.ImportSegmentAsync(import.SegmentName, import.UserIds, cancellationToken);
            work.FanPassCalled(1 + import.SupersededIndexes.Count);
            var attempts = priorHttpAttempts + result.Attempts;
            switch (FanPassFailureClassifier.Decide(result, deliveryAttempt, _options.MaxDeliveryAttempts))
            {
                case FanPassFailureDecision.Succeeded:
                    pipeline.Watermarks.Advance(key, import.Winner.RequestedAt, import.Winner.RequestId);
                    work.Outcome(source, new SegmentImportSucceeded
                    {
                        RequestId = import.Winner.RequestId,
                        SegmentName = import.SegmentName,
                        UserCount = import.UserIds.Count,
                        Method = result.Method ?? SegmentImportMethods.Inline,
                        Attempts = attempts,
                        CompletedAt = _timeProvider.GetUtcNow(),
                    }, import.Winner.RequestId);
                    break;

                case FanPassFailureDecision.Reject:
                    work.Outcome(source, Failed(import, ErrorCodes.FanPassRejected, result, attempts, retriable: false), import.Winner.RequestId);
                    break;

                case FanPassFailureDecision.Redeliver:
                    LogRedeliver(logger, import.Winner.RequestId, deliveryAttempt + 1, _options.MaxDeliveryAttempts);
                    work.Requeue(ct => pipeline.Redelivery.RequeueAsync(source, _options.SegmentQueue, deliveryAttempt + 1, attempts, ct));
                    break;

                case FanPassFailureDecision.GiveUp:
                    var failed = Failed(import, ErrorCodes.FanPassUnavailable, result, attempts, retriable: true);
                    work.Outcome(source, failed, import.Winner.RequestId);
                    work.DeadLetter(ct => pipeline.Redelivery.DeadLetterAsync(source, _options.SegmentQueue, failed.ErrorCode, failed.Reason, deliveryAttempt, attempts, ct));
                    break;

                case FanPassFailureDecision.PauseAndReturn:
                    pipeline.Consumption.Pause(FanPassFailureClassifier.PauseReasonOf(result), result.RetryAfter);
                    work.Requeue(ct => pipeline.Redelivery.RequeueAsync(source, _options.SegmentQueue, deliveryAttempt, attempts, ct));
                    break;
            }
        }
    }

    private SegmentImportFailed Failed(CoalescedSegment import, string errorCode, FanPassCallResult result, int attempts, bool retriable) => new()
    {
        RequestId = import.Winner.RequestId,
        SegmentName = import.SegmentName,
        ErrorCode = errorCode,
        Reason = FanPassFailureClassifier.FailureReason(result, errorCode, _options.MaxDeliveryAttempts),
        HttpStatus = result.HttpStatus,
        Retriable = retriable,
        Attempts = attempts,
        FailedAt = _timeProvider.GetUtcNow(),
    };

    private void Superseded(BatchWork work, ConsumeContext<SegmentImportRequested> source, string segmentName, Guid supersededBy) =>
        work.Outcome(source, new SegmentImportSuperseded
        {
            RequestId = source.Message.RequestId,
            SegmentName = segmentName,
            SupersededBy = supersededBy,
            CompletedAt = _timeProvider.GetUtcNow(),
        }, source.Message.RequestId);

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Segment import {RequestId} is invalid: field {Field}.")]
    private static partial void LogInvalid(ILogger logger, Guid requestId, string field);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Segment import {RequestId}: FanPass unavailable, redelivering as delivery {Attempt} of {MaxAttempts}.")]
    private static partial void LogRedeliver(ILogger logger, Guid requestId, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "Segment batch: {Messages} messages, {Imports} imports, {Requeued} requeued, {DeadLettered} to _error.")]
    private static partial void LogBatch(ILogger logger, int messages, int imports, int requeued, int deadLettered);
}
