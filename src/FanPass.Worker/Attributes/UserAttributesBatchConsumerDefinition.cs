using FanPass.Worker.Messaging;
using FanPass.Worker.Pipeline;
using MassTransit;
using Microsoft.Extensions.Options;

namespace FanPass.Worker.Attributes;

/// <summary>Endpoint settings of <see cref="UserAttributesBatchConsumer"/>: queue name, batch limits, prefetch, queue type.</summary>
public sealed class UserAttributesBatchConsumerDefinition : ConsumerDefinition<UserAttributesBatchConsumer>
{
    private readonly BatchLimits _limits;
    private readonly RabbitMqOptions _rabbitMq;

    public UserAttributesBatchConsumerDefinition(IOptions<WorkerOptions> worker, IOptions<BatchingOptions> batching, IOptions<RabbitMqOptions> rabbitMq)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(batching);
        ArgumentNullException.ThrowIfNull(rabbitMq);
        EndpointName = worker.Value.AttributesQueue;
        _limits = batching.Value.Attributes;
        _rabbitMq = rabbitMq.Value;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<UserAttributesBatchConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        ArgumentNullException.ThrowIfNull(consumerConfigurator);
        EndpointConfiguration.Apply(endpointConfigurator, _limits, _rabbitMq);
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(_limits.MessageLimit)
            .SetTimeLimit(_limits.TimeLimit)
            .SetConcurrencyLimit(_limits.ConcurrencyLimit));
    }
}
