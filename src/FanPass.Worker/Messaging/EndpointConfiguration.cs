using FanPass.Worker.Pipeline;
using MassTransit;

namespace FanPass.Worker.Messaging;

/// <summary>Receive endpoint settings shared by both input queues.</summary>
internal static class EndpointConfiguration
{
    public static void Apply(IReceiveEndpointConfigurator endpoint, BatchLimits limits, RabbitMqOptions rabbitMq)
    {
        endpoint.PrefetchCount = limits.PrefetchCount;

        // Raw JSON (content-type application/json, no envelope) from non-.NET publishers, beside MassTransit's envelope.
        endpoint.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: false);

        // FanPass failures are handled per item by the consumers and never throw. What does throw is unexpected
        // (the broker refused an outcome, a bug): retry the batch a few times, then MassTransit moves it to _error.
        endpoint.UseMessageRetry(retry => retry.Intervals(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)));

        if (rabbitMq.UseQuorumQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SetQuorumQueue();
        }
    }
}
