namespace FanPass.Worker.FanPassApi;

/// <summary>Registers the FanPass client, its options and its resilience pipeline.</summary>
public static class FanPassApiServiceCollectionExtensions
{
    public static IServiceCollection AddFanPassClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        // Placeholder of the skeleton commit: the foundation issue fills this in.
        return services;
    }
}
