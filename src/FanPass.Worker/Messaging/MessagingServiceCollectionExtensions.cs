using FanPass.Worker.Attributes;
using FanPass.Worker.Pipeline;
using FanPass.Worker.Segments;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FanPass.Worker.Messaging;

/// <summary>Registers MassTransit over RabbitMQ, the batch consumers and the pipeline services.</summary>
public static class MessagingServiceCollectionExtensions
{
    public static IServiceCollection AddFanPassMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<RabbitMqOptions>().Bind(configuration.GetSection(RabbitMqOptions.SectionName)).ValidateOnStart();
        services.AddOptions<WorkerOptions>().Bind(configuration.GetSection(WorkerOptions.SectionName)).ValidateOnStart();
        services.AddOptions<BatchingOptions>().Bind(configuration.GetSection(BatchingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RabbitMqOptions>, RabbitMqOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerOptions>, PipelineOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BatchingOptions>, PipelineOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConsumptionController>();
        services.TryAddSingleton<InputRedelivery>();
        services.TryAddSingleton<BatchPipeline>();
        services.TryAddSingleton(_ => new KeyedApplyGuard());
        services.TryAddSingleton(sp => new AppliedWatermarks(sp.GetRequiredService<IOptions<WorkerOptions>>().Value.OrderingMemoryEntries));
        services.TryAddSingleton(sp => new SegmentImportValidator(sp.GetRequiredService<IOptions<WorkerOptions>>().Value));
        services.TryAddSingleton(sp => new UserAttributesValidator(sp.GetRequiredService<IOptions<WorkerOptions>>().Value));

        if (!string.Equals(configuration.GetValue<string>("Worker:Transport"), "InMemory", StringComparison.OrdinalIgnoreCase))
        {
            // Before MassTransit's hosted service: the _error queues exist before the first message is consumed.
            services.AddHostedService<ErrorQueueTopology>();
        }

        services.AddReceiveEndpointObserver(sp => sp.GetRequiredService<ConsumptionController>());
        services.AddMassTransit(bus =>
        {
            // No usage reports to the vendor: the worker talks to the broker, FanPass and OTLP only.
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddConsumer<SegmentImportBatchConsumer, SegmentImportBatchConsumerDefinition>();
            bus.AddConsumer<UserAttributesBatchConsumer, UserAttributesBatchConsumerDefinition>();

            var transport = configuration.GetValue<string>("Worker:Transport") ?? "RabbitMq";
            if (string.Equals(transport, "InMemory", StringComparison.OrdinalIgnoreCase))
            {
                // The no-infrastructure demo (fanpass demo): the same consumers, batching and outcomes, on
                // MassTransit's in-memory transport. Nothing survives the process: never use it in production.
                bus.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context));
                return;
            }

            if (!string.Equals(transport, "RabbitMq", StringComparison.OrdinalIgnoreCase))
            {
                throw new OptionsValidationException("Worker:Transport", typeof(WorkerOptions), [$"Worker:Transport must be RabbitMq or InMemory, not '{transport}'."]);
            }

            bus.UsingRabbitMq((context, rabbit) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                rabbit.Host(options.Host, (ushort)options.Port, options.VirtualHost, host =>
                {
                    host.Username(options.Username);
                    host.Password(options.ResolvePassword());
                    host.Heartbeat(options.Heartbeat);
                    host.PublisherConfirmation = true;
                });
                rabbit.ConfigureEndpoints(context);
            });
        });

        services.AddOptions<MassTransitHostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
        {
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromSeconds(60);
            host.StopTimeout = worker.Value.ShutdownTimeout;
        });
        services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
            host.ShutdownTimeout = worker.Value.ShutdownTimeout + TimeSpan.FromSeconds(5));

        return services;
    }
}
