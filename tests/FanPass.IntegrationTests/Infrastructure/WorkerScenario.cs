using FanPass.Emulator;
using Microsoft.AspNetCore.Builder;
using FanPass.Worker.Hosting;
using MassTransit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FanPass.IntegrationTests.Infrastructure;

/// <summary>
/// One scenario's world: a fresh virtual host on the real broker, the FanPass emulator on a loopback port, the
/// worker host, and an "upstream" MassTransit bus that publishes inputs and records every outcome.
/// </summary>
public sealed class WorkerScenario : IAsyncDisposable
{
    private readonly RabbitMqBroker _broker;
    private IHost? _upstream;

    private WorkerScenario(RabbitMqBroker broker, string virtualHost, RunningEmulator emulator)
    {
        _broker = broker;
        VirtualHost = virtualHost;
        Emulator = emulator;
    }

    public string VirtualHost { get; }

    public RunningEmulator Emulator { get; }

    public WebApplication? Worker { get; private set; }

    public OutcomeLog Outcomes { get; } = new();

    public IBus Upstream => _upstream?.Services.GetRequiredService<IBus>() ?? throw new InvalidOperationException("Not started.");

    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Extra configuration of the worker's builder (e.g. in-memory telemetry exporters), applied on each start.</summary>
    public Action<WebApplicationBuilder>? ConfigureWorker { get; set; }

    /// <summary>The worker's health port once started.</summary>
    public Uri? HealthAddress { get; private set; }

    public static async Task<WorkerScenario> CreateAsync(RabbitMqBroker broker, Action<Dictionary<string, string?>>? settings = null)
    {
        var virtualHost = await broker.CreateVirtualHostAsync();
        var emulator = await EmulatorApp.StartAsync(0);
        var scenario = new WorkerScenario(broker, virtualHost, emulator);
        var s = scenario.Settings;
        s["RabbitMq:Host"] = broker.Host;
        s["RabbitMq:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        s["RabbitMq:VirtualHost"] = virtualHost;
        s["RabbitMq:Username"] = broker.Username;
        s["RabbitMq:Password"] = broker.Password;
        s["FanPass:BaseUrl"] = emulator.BaseAddress.ToString();
        s["FanPass:ApiToken"] = emulator.ApiToken;
        s["FanPass:Resilience:AttemptTimeout"] = "00:00:02";
        s["FanPass:Resilience:TotalTimeout"] = "00:00:08";
        s["FanPass:Resilience:MaxRetryAttempts"] = "3";
        s["FanPass:Resilience:BaseDelay"] = "00:00:00.050";
        s["FanPass:Resilience:MaxDelay"] = "00:00:00.500";
        s["Worker:AuthPauseDuration"] = "00:00:02";
        s["Worker:OutagePauseDuration"] = "00:00:02";
        s["Worker:ShutdownTimeout"] = "00:00:15";
        s["Health:Port"] = "0";
        s["Health:BindAddress"] = "127.0.0.1";
        s["Logging:LogLevel:Default"] = "Warning";
        s["Logging:LogLevel:FanPass"] = "Information";
        settings?.Invoke(s);
        await scenario.StartUpstreamAsync();
        return scenario;
    }

    /// <summary>Starts the worker host with <see cref="Settings"/>.</summary>
    public async Task StartWorkerAsync()
    {
        Worker = WorkerHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(Settings);
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            ConfigureWorker?.Invoke(builder);
        });
        await Worker.StartAsync();
        var addresses = Worker.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        HealthAddress = addresses?.Addresses.Select(a => new Uri(a)).FirstOrDefault();
    }

    public async Task StopWorkerAsync()
    {
        if (Worker is not null)
        {
            await Worker.StopAsync();
            await Worker.DisposeAsync();
            Worker = null;
        }
    }

    public Task<RawAmqp> RawAsync() => RawAmqp.ConnectAsync(_broker, VirtualHost);

    private async Task StartUpstreamAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Outcomes);
        builder.Services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.AddConsumer<OutcomeRecorder>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(_broker.Host, (ushort)_broker.Port, VirtualHost, host =>
                {
                    host.Username(_broker.Username);
                    host.Password(_broker.Password);
                });
                rabbit.ReceiveEndpoint("upstream-outcomes", endpoint => endpoint.ConfigureConsumer<OutcomeRecorder>(context));
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        _upstream = builder.Build();
        await _upstream.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopWorkerAsync();
        if (_upstream is not null)
        {
            await _upstream.StopAsync();
            _upstream.Dispose();
        }

        await Emulator.DisposeAsync();
        await _broker.DeleteVirtualHostAsync(VirtualHost);
    }
}
