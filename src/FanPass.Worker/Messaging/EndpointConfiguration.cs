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

        // No UseMessageRetry: FanPass failures are handled per item and never throw, and outcome sends retry
        // themselves (BatchPipeline.SendPipeline). Re-running a whole batch would call FanPass again for items that
        // succeeded and send their outcomes twice. What still throws is unexpected: MassTransit moves it to _error.

        if (rabbitMq.UseQuorumQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SetQuorumQueue();
        }
    }
}
