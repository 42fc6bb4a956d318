using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MassTransit;
using RabbitMQ.Client;

namespace FanPass.Cli.Commands;

/// <summary>Publishes a sample workload to a real RabbitMQ, through MassTransit or as raw JSON.</summary>
internal static class PublishCommand
{
    private static readonly JsonSerializerOptions CamelCase = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(string[] args)
    {
        var rabbit = new Uri(Args.Get(args, "--rabbit") ?? Environment.GetEnvironmentVariable("FANPASS_RABBITMQ") ?? "amqp://guest:guest@localhost:5672/");
        var events = SampleWorkload.AttributeEvents(Args.Int(args, "--events", 1000), Args.Int(args, "--users", 100));
        var segments = SampleWorkload.Segments(Args.Int(args, "--segments", 6));
        var userInfo = rabbit.UserInfo.Split(':', 2);
        var username = Uri.UnescapeDataString(userInfo[0] is { Length: > 0 } u ? u : "guest");
        var password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "guest";
        var virtualHost = rabbit.AbsolutePath.Trim('/') is { Length: > 0 } v ? Uri.UnescapeDataString(v) : "/";
        var port = rabbit.IsDefaultPort || rabbit.Port <= 0 ? 5672 : rabbit.Port;

        // Each published message starts its own trace, as an upstream service with tracing would: MassTransit then
        // puts the trace context on the message, and the worker's batch span links back to it.
        using var tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "MassTransit" or "fanpass-cli",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(tracing);

        if (Args.Flag(args, "--raw"))
        {
            var factory = new ConnectionFactory { HostName = rabbit.Host, Port = port, UserName = username, Password = password, VirtualHost = virtualHost };
            await using var connection = await factory.CreateConnectionAsync("fanpass-cli-raw");
            await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent };
            foreach (var message in events)
            {
                await channel.BasicPublishAsync("FanPass.Contracts:UserAttributesChanged", "", false, properties, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message, CamelCase)));
            }

            foreach (var message in segments)
            {
                await channel.BasicPublishAsync("FanPass.Contracts:SegmentImportRequested", "", false, properties, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message, CamelCase)));
            }
        }
        else
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddMassTransit(x =>
            {
                x.DisableUsageTelemetry();
                x.UsingRabbitMq((_, cfg) => cfg.Host(rabbit.Host, (ushort)port, virtualHost, h =>
                {
                    h.Username(username);
                    h.Password(password);
                }));
            });
            using var host = builder.Build();
            await host.StartAsync();
            var bus = host.Services.GetRequiredService<IBus>();
            try
            {
                await Task.WhenAll(events.Select(e => PublishInOwnTraceAsync(bus, e)));
                await Task.WhenAll(segments.Select(s => PublishInOwnTraceAsync(bus, s)));
            }
            finally
            {
                await host.StopAsync();
            }
        }

        Console.WriteLine($"Published {events.Count} UserAttributesChanged and {segments.Count} SegmentImportRequested to {rabbit.Host}:{port}/{virtualHost}{(Args.Flag(args, "--raw") ? " as raw JSON" : "")}.");
        return 0;
    }

    private static readonly ActivitySource Source = new("fanpass-cli");

    private static async Task PublishInOwnTraceAsync<T>(IBus bus, T message)
        where T : class
    {
        Activity.Current = null;
        using var activity = Source.StartActivity($"publish {typeof(T).Name}", ActivityKind.Producer);
        await bus.Publish(message);
    }
}
