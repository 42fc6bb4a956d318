using FanPass.Worker.FanPassApi;

namespace FanPass.Worker.Hosting;

/// <summary>All wiring of the worker host, so that Program.cs stays a few lines.</summary>
public static class WorkerHostExtensions
{
    public static WebApplicationBuilder AddFanPassWorker(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddFanPassClient(builder.Configuration);
        return builder;
    }

    public static WebApplication MapFanPassWorkerEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
