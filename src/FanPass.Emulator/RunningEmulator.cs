using System.Net.Http.Headers;

namespace FanPass.Emulator;

/// <summary>A started emulator. Dispose to stop it.</summary>
public sealed class RunningEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    internal RunningEmulator(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Options = app.Services.GetRequiredService<EmulatorOptions>();
        State = app.Services.GetRequiredService<EmulatorState>();
    }

    /// <summary>Root address, e.g. <c>http://127.0.0.1:54321/</c> (always ends with '/').</summary>
    public Uri BaseAddress { get; }

    public EmulatorState State { get; }

    /// <summary>The accepted bearer token.</summary>
    public string ApiToken => Options.ApiToken;

    public EmulatorOptions Options { get; }

    /// <summary>Address of the admin API, e.g. <c>http://127.0.0.1:54321/_admin/</c>.</summary>
    public Uri AdminAddress => new(BaseAddress, Options.AdminPrefix.TrimStart('/') + "/");

    public IServiceProvider Services => _app.Services;

    /// <summary>An HttpClient with <see cref="BaseAddress"/> and, unless <paramref name="authenticated"/> is false, the bearer token.</summary>
    public HttpClient CreateClient(bool authenticated = true)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (authenticated)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
