using FanPass.Worker.Pipeline;
using MassTransit;

namespace FanPass.Worker.Messaging;

/// <summary>Endpoint settings of a batch consumer: queue name, batch limits, prefetch, raw JSON, queue type.</summary>
public abstract class BatchConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private readonly BatchLimits _limits;
    private readonly RabbitMqOptions _rabbitMq;

    protected BatchConsumerDefinition(string queueName, BatchLimits limits, RabbitMqOptions rabbitMq)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueName);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(rabbitMq);
        EndpointName = queueName;
        _limits = limits;
        _rabbitMq = rabbitMq;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
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
