using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FanPass.Emulator;

/// <summary>Builds and starts the FanPass API emulator.</summary>
public static class EmulatorApp
{
    /// <summary>
    /// Builds the app without binding a URL (use <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <see cref="StartAsync"/>).
    /// Options come from the <c>Emulator</c> configuration section, then <paramref name="configure"/>.
    /// </summary>
    public static WebApplication Build(string[] args, Action<EmulatorOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);

        var options = new EmulatorOptions();
        builder.Configuration.GetSection(EmulatorOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        options.Validate();

        // Quiet by default: it is the load target of benchmarks (override with Logging__LogLevel__Default).
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(services =>
        {
            var state = new EmulatorState(services.GetRequiredService<TimeProvider>(), options.MaxRecordedRequests, options.RandomSeed);
            if (options.InitialFaults is { } faults)
            {
                state.Faults = faults;
            }

            return state;
        });
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, EmulatorJsonContext.Default));

        var app = builder.Build();

        app.UseWhen(
            static context => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
            static api => api
                .UseMiddleware<RequestRecordingMiddleware>()
                .UseMiddleware<BearerTokenMiddleware>()
                .UseMiddleware<FaultInjectionMiddleware>());

        app.MapGet("/healthz", static () => TypedResults.Text("ok"));
        app.MapSegmentEndpoints();
        app.MapUserEndpoints();
        app.MapAdminEndpoints(options.AdminPrefix);
        return app;
    }

    /// <summary>Builds and starts the emulator on <c>http://127.0.0.1:&lt;port&gt;</c> (0 = any free port).</summary>
    public static async Task<RunningEmulator> StartAsync(int port = 0, Action<EmulatorOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);

        var app = Build([], configure);
        try
        {
            app.Urls.Clear();
            app.Urls.Add(FormattableString.Invariant($"http://127.0.0.1:{port}"));
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The server did not report its address.");
            return new RunningEmulator(app, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
