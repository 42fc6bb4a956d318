using System.ComponentModel.DataAnnotations;

namespace FanPass.Worker.Messaging;

/// <summary>Broker connection, bound from the <c>RabbitMq</c> section (environment: <c>RabbitMq__Host</c> and so on).</summary>
public sealed class RabbitMqOptions
{
    public const string SectionName = "RabbitMq";

    [Required(AllowEmptyStrings = false)]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Required(AllowEmptyStrings = false)]
    public string VirtualHost { get; set; } = "/";

    [Required(AllowEmptyStrings = false)]
    public string Username { get; set; } = "guest";

    /// <summary>The broker password. A secret: set it from the environment or <see cref="PasswordFile"/>, never in a committed file.</summary>
    public string? Password { get; set; }

    /// <summary>A file holding the password (a Docker secret such as <c>/run/secrets/rabbitmq_password</c>); wins over <see cref="Password"/>.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>Declare the input queues as quorum queues (replicated; needs RabbitMQ 3.8 or newer).</summary>
    public bool UseQuorumQueues { get; set; }

    /// <summary>AMQP heartbeat.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The password from <see cref="PasswordFile"/> when set, else <see cref="Password"/>, else <c>guest</c>.</summary>
    public string ResolvePassword()
    {
        if (!string.IsNullOrWhiteSpace(PasswordFile))
        {
            return File.ReadAllText(PasswordFile).Trim();
        }

        return string.IsNullOrEmpty(Password) ? "guest" : Password;
    }

    public override string ToString() => $"amqp://{Username}@{Host}:{Port}/{VirtualHost}";
}
