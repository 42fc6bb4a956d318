using Microsoft.Extensions.Options;

namespace FanPass.Worker.Hosting;

/// <summary>Builds and runs the worker; shared by Program.cs, the CLI demo and the integration tests.</summary>
public static class WorkerHost
{
    /// <summary>Exit code when the configuration is invalid.</summary>
    public const int InvalidConfigurationExitCode = 2;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        builder.AddFanPassWorker();
        var app = builder.Build();
        app.MapFanPassWorkerEndpoints();
        return app;
    }

    /// <summary>Runs until SIGTERM/Ctrl+C. A bad setting ends it with one line naming the key and a non-zero exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            await using var app = Build(args);
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"fanpass-worker: invalid configuration: {string.Join(" ", ex.Failures)}");
            return InvalidConfigurationExitCode;
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // A value of the wrong type (e.g. Worker__MaxDeliveryAttempts=abc, a TimeSpan written "10s"): the binder's
            // message names the key and the value's path; print it on one line instead of a stack trace.
            await Console.Error.WriteLineAsync($"fanpass-worker: invalid configuration: {ex.Message}");
            return InvalidConfigurationExitCode;
        }
    }
}
