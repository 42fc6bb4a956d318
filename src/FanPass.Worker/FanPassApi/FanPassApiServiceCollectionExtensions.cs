using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FanPass.Worker.FanPassApi;

/// <summary>Registers the FanPass client, its options and its resilience pipeline.</summary>
public static class FanPassApiServiceCollectionExtensions
{
    /// <summary>Name of the resilience handler on the FanPass HttpClient.</summary>
    public const string ResiliencePipelineName = "fanpass";

    /// <summary>
    /// Registers <see cref="IFanPassClient"/> (a typed HttpClient named <c>FanPass</c>), <see cref="IFanPassConcurrency"/>,
    /// the <c>FanPass</c> options validated at start, and <see cref="TimeProvider.System"/> unless a TimeProvider is
    /// already registered (tests register a FakeTimeProvider first). Tests replace the network with
    /// <c>services.AddHttpClient("FanPass").ConfigurePrimaryHttpMessageHandler(...)</c>.
    /// </summary>
    public static IServiceCollection AddFanPassClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<FanPassOptions>()
            .Bind(configuration.GetSection(FanPassOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<FanPassOptions>, FanPassTokenLoader>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FanPassOptions>, FanPassOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FanPassOptions>, FanPassOptionsCrossValidator>());

        services.TryAddSingleton<AdaptiveConcurrencyLimiter>();
        services.TryAddSingleton<IFanPassConcurrency>(sp => sp.GetRequiredService<AdaptiveConcurrencyLimiter>());
        services.TryAddTransient<FanPassAttemptHandler>();

        services.AddHttpClient<IFanPassClient, FanPassClient>(FanPassClient.HttpClientName, client =>
            {
                // The resilience pipeline owns every timeout.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // The bearer token is set per request; the default HttpClient logging must never print it.
            .RedactLoggedHeaders(static _ => true)
            .AddResilienceHandler(ResiliencePipelineName, static (builder, context) =>
            {
                var sp = context.ServiceProvider;
                FanPassResiliencePipeline.Configure(
                    builder,
                    sp.GetRequiredService<IOptions<FanPassOptions>>().Value.Resilience,
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<AdaptiveConcurrencyLimiter>());
            });

        // Added after the resilience handler, so it is inside it: it sees every attempt.
        services.AddHttpClient(FanPassClient.HttpClientName).AddHttpMessageHandler<FanPassAttemptHandler>();

        return services;
    }
}
