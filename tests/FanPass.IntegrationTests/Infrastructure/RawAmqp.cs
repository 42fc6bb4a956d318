using System.Text;
using RabbitMQ.Client;

namespace FanPass.IntegrationTests.Infrastructure;

/// <summary>A plain AMQP client (RabbitMQ.Client, no MassTransit), as a Python or Node publisher would use.</summary>
public sealed class RawAmqp : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private RawAmqp(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<RawAmqp> ConnectAsync(RabbitMqBroker broker, string virtualHost)
    {
        var factory = new ConnectionFactory
        {
            HostName = broker.Host,
            Port = broker.Port,
            UserName = broker.Username,
            Password = broker.Password,
            VirtualHost = virtualHost,
        };
        var connection = await factory.CreateConnectionAsync("fanpass-tests-raw");
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return new RawAmqp(connection, channel);
    }

    /// <summary>Publishes <paramref name="body"/> as-is (awaits the broker's confirm).</summary>
    public async Task PublishAsync(string exchange, string routingKey, string body, string contentType = "application/json")
    {
        var properties = new BasicProperties
        {
            ContentType = contentType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = Guid.NewGuid().ToString(),
        };
        await _channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Ready messages in <paramref name="queue"/> (exact, unlike the management API's sampled figures).</summary>
    public async Task<uint> CountAsync(string queue)
    {
        var declared = await _channel.QueueDeclarePassiveAsync(queue);
        return declared.MessageCount;
    }

    /// <summary>Takes every ready message of <paramref name="queue"/> (acknowledging them) and returns bodies and headers.</summary>
    public async Task<IReadOnlyList<(string Body, IDictionary<string, object?> Headers, string? ContentType)>> DrainAsync(string queue)
    {
        var result = new List<(string, IDictionary<string, object?>, string?)>();
        while (await _channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
            result.Add((Encoding.UTF8.GetString(message.Body.Span), headers, message.BasicProperties.ContentType));
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync();
        await _connection.CloseAsync();
        _channel.Dispose();
        _connection.Dispose();
    }
}
