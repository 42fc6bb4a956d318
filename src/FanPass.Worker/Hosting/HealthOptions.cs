namespace FanPass.Worker.Hosting;

/// <summary>The health endpoints' HTTP port, bound from <c>Health:Port</c>.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>Port of <c>/healthz/live</c> and <c>/healthz/ready</c>; 0 picks a free port (tests).</summary>
    public int Port { get; set; } = 8080;

    /// <summary>Address to listen on; <c>0.0.0.0</c> in a container, loopback when run by hand.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";
}
