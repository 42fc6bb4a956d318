using FanPass.Worker.Pipeline;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace FanPass.Worker.Messaging;

/// <summary>
/// Declares each input queue's <c>_error</c> exchange and queue at start, the way MassTransit's error transport
/// declares them (fanout exchange bound to a durable queue of the same name, with the input queue's type), before the
/// bus starts. The worker moves inputs that FanPass never accepted there itself (<see cref="InputRedelivery"/>),
/// through the exchange; declaring them up front means such a copy is always routed to a queue, and that the queue
/// has the type MassTransit expects when it moves a poison message there (a quorum input queue has a quorum
/// <c>_error</c> queue: declaring it classic would make the broker refuse one of the two, forever).
/// </summary>
internal sealed partial class ErrorQueueTopology(
    IOptions<RabbitMqOptions> rabbitMq,
    IOptions<WorkerOptions> worker,
    TimeProvider timeProvider,
    ILogger<ErrorQueueTopology> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = rabbitMq.Value;
        var factory = new ConnectionFactory
        {
            HostName = options.Host,
            Port = options.Port,
            VirtualHost = options.VirtualHost,
            UserName = options.Username,
            Password = options.ResolvePassword(),
        };
        var arguments = options.UseQuorumQueues ? new Dictionary<string, object?> { ["x-queue-type"] = "quorum" } : null;

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await factory.CreateConnectionAsync("fanpass-worker-topology", cancellationToken);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                foreach (var queue in new[] { worker.Value.SegmentQueue, worker.Value.AttributesQueue })
                {
                    var error = queue + "_error";
                    await channel.ExchangeDeclareAsync(error, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
                    await channel.QueueDeclareAsync(error, durable: true, exclusive: false, autoDelete: false, arguments: arguments, cancellationToken: cancellationToken);
                    await channel.QueueBindAsync(error, error, routingKey: "", cancellationToken: cancellationToken);
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < 10)
            {
                LogRetry(logger, ex.Message, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 2 * attempt)), timeProvider, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Could not declare the _error queues yet ({Error}); attempt {Attempt}, retrying.")]
    private static partial void LogRetry(ILogger logger, string error, int attempt);
}
