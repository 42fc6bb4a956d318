using FanPass.Worker.Messaging;
using FanPass.Worker.Pipeline;
using Microsoft.Extensions.Options;

namespace FanPass.Worker.Attributes;

/// <summary>Endpoint settings of <see cref="UserAttributesBatchConsumer"/>: <c>Worker:AttributesQueue</c>, <c>Batching:Attributes:*</c>.</summary>
public sealed class UserAttributesBatchConsumerDefinition(IOptions<WorkerOptions> worker, IOptions<BatchingOptions> batching, IOptions<RabbitMqOptions> rabbitMq)
    : BatchConsumerDefinition<UserAttributesBatchConsumer>(worker.Value.AttributesQueue, batching.Value.Attributes, rabbitMq.Value);
