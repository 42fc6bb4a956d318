using FanPass.Worker.FanPassApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FanPass.Worker.Tests.FanPassApi;

/// <summary>
/// Builds the real registration (<see cref="FanPassApiServiceCollectionExtensions.AddFanPassClient"/>) with a fake
/// clock and a stub primary handler: the whole handler chain and Polly pipeline run, the network does not.
/// </summary>
internal sealed class FanPassClientTestHost : IDisposable
{
    public const string Token = "test-token-5f2c9a";

    private FanPassClientTestHost(ServiceProvider provider, TrackingFakeTimeProvider time, StubHttpMessageHandler stub)
    {
        Provider = provider;
        Time = time;
        Stub = stub;
    }

    public ServiceProvider Provider { get; }

    public TrackingFakeTimeProvider Time { get; }

    public StubHttpMessageHandler Stub { get; }

    public IFanPassClient Client => Provider.GetRequiredService<IFanPassClient>();

    public static FanPassClientTestHost Create(StubHttpMessageHandler stub, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["FanPass:BaseUrl"] = "http://fanpass.test/",
            ["FanPass:ApiToken"] = Token,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var time = new TrackingFakeTimeProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(time);
        services.AddFanPassClient(configuration);
        services.AddHttpClient(FanPassClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub);
        return new FanPassClientTestHost(services.BuildServiceProvider(), time, stub);
    }

    public void Dispose() => Provider.Dispose();
}
