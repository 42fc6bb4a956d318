using Microsoft.Extensions.Options;

namespace FanPass.Worker.Messaging;

/// <summary>Validates <see cref="RabbitMqOptions"/> at start-up; every failure names its configuration key.</summary>
internal sealed class RabbitMqOptionsValidator : IValidateOptions<RabbitMqOptions>
{
    public ValidateOptionsResult Validate(string? name, RabbitMqOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host) || Uri.CheckHostName(options.Host) == UriHostNameType.Unknown)
        {
            failures.Add("RabbitMq:Host must be a host name or address.");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add("RabbitMq:Port must be between 1 and 65535.");
        }

        if (string.IsNullOrWhiteSpace(options.VirtualHost))
        {
            failures.Add("RabbitMq:VirtualHost must not be empty (use \"/\" for the default virtual host).");
        }

        if (string.IsNullOrWhiteSpace(options.Username))
        {
            failures.Add("RabbitMq:Username must not be empty.");
        }

        if (!string.IsNullOrWhiteSpace(options.PasswordFile) && !File.Exists(options.PasswordFile))
        {
            failures.Add($"RabbitMq:PasswordFile points to a file that does not exist ({options.PasswordFile}).");
        }

        if (options.Heartbeat < TimeSpan.Zero || options.Heartbeat > TimeSpan.FromMinutes(10))
        {
            failures.Add("RabbitMq:Heartbeat must be between 00:00:00 and 00:10:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
