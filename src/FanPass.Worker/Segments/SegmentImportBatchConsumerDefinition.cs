using FanPass.Worker.Messaging;
using FanPass.Worker.Pipeline;
using Microsoft.Extensions.Options;

namespace FanPass.Worker.Segments;

/// <summary>Endpoint settings of <see cref="SegmentImportBatchConsumer"/>: <c>Worker:SegmentQueue</c>, <c>Batching:Segments:*</c>.</summary>
public sealed class SegmentImportBatchConsumerDefinition(IOptions<WorkerOptions> worker, IOptions<BatchingOptions> batching, IOptions<RabbitMqOptions> rabbitMq)
    : BatchConsumerDefinition<SegmentImportBatchConsumer>(worker.Value.SegmentQueue, batching.Value.Segments, rabbitMq.Value);
