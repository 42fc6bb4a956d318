using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Testcontainers.RabbitMq;

namespace FanPass.IntegrationTests.Infrastructure;

/// <summary>
/// The real RabbitMQ the integration tests run against (DESIGN section 7): the broker named by
/// <c>FANPASS_TEST_RABBITMQ</c> (an amqp:// URI) when set; else a Testcontainers RabbitMQ when a Docker engine
/// answers; else the tests fail with a message that says how to provide one. Never a silent skip.
/// Each scenario gets its own virtual host through the management API.
/// </summary>
public sealed class RabbitMqBroker : IAsyncLifetime, IDisposable
{
    public const string BrokerVariable = "FANPASS_TEST_RABBITMQ";
    public const string ManagementVariable = "FANPASS_TEST_RABBITMQ_MANAGEMENT";

    private RabbitMqContainer? _container;
    private HttpClient? _management;

    public string Host { get; private set; } = "127.0.0.1";

    public int Port { get; private set; } = 5672;

    public string Username { get; private set; } = "guest";

    public string Password { get; private set; } = "guest";

    public string Source { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(BrokerVariable);
        Uri managementUri;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var amqp = new Uri(configured);
            Host = amqp.Host;
            Port = amqp.IsDefaultPort || amqp.Port <= 0 ? 5672 : amqp.Port;
            if (!string.IsNullOrEmpty(amqp.UserInfo))
            {
                var parts = amqp.UserInfo.Split(':', 2);
                Username = Uri.UnescapeDataString(parts[0]);
                Password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
            }

            managementUri = new Uri(Environment.GetEnvironmentVariable(ManagementVariable) ?? $"http://{Host}:15672/");
            Source = $"{BrokerVariable} ({Host}:{Port})";
        }
        else
        {
            try
            {
                _container = new RabbitMqBuilder("rabbitmq:3.13-management")
                    .WithUsername(Username)
                    .WithPassword(Password)
                    .WithPortBinding(15672, true)
                    .Build();
                await _container.StartAsync();
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException(
                    "The integration tests need a real RabbitMQ and none is available. Either set " + BrokerVariable +
                    "=amqp://guest:guest@127.0.0.1:5672/ (with the management plugin on port 15672, or its URL in " + ManagementVariable +
                    "; `bash .ci/run` installs and starts one from Debian's rabbitmq-server package), or run a Docker engine so that " +
                    "Testcontainers can start one. Docker said: " + ex.Message, ex);
            }

            var amqp = new Uri(_container.GetConnectionString());
            Host = amqp.Host;
            Port = amqp.Port;
            managementUri = new Uri($"http://{_container.Hostname}:{_container.GetMappedPublicPort(15672)}/");
            Source = "Testcontainers";
        }

        _management = new HttpClient { BaseAddress = managementUri, Timeout = TimeSpan.FromSeconds(30) };
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));
        try
        {
            using var overview = await _management.GetAsync(new Uri("api/overview", UriKind.Relative));
            overview.EnsureSuccessStatusCode();
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                $"RabbitMQ's management API does not answer at {managementUri} (the tests create a virtual host per scenario through it). " +
                $"Enable it with `rabbitmq-plugins enable rabbitmq_management` or set {ManagementVariable}.", ex);
        }
    }

    /// <summary>Creates a fresh virtual host with full permissions for the test user.</summary>
    public async Task<string> CreateVirtualHostAsync(string prefix = "fanpass-test")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        var escaped = Uri.EscapeDataString(name);
        using var created = await Management.PutAsJsonAsync(new Uri($"api/vhosts/{escaped}", UriKind.Relative), new { });
        created.EnsureSuccessStatusCode();
        using var permitted = await Management.PutAsJsonAsync(
            new Uri($"api/permissions/{escaped}/{Uri.EscapeDataString(Username)}", UriKind.Relative),
            new { configure = ".*", write = ".*", read = ".*" });
        permitted.EnsureSuccessStatusCode();
        return name;
    }

    public async Task DeleteVirtualHostAsync(string name)
    {
        using var _ = await Management.DeleteAsync(new Uri($"api/vhosts/{Uri.EscapeDataString(name)}", UriKind.Relative));
    }

    /// <summary>Ready messages in a queue (null if the queue does not exist). The management API's figures lag a few seconds.</summary>
    public async Task<QueueInfo?> GetQueueAsync(string virtualHost, string queue)
    {
        using var response = await Management.GetAsync(new Uri($"api/queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}", UriKind.Relative));
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<QueueInfo>();
    }

    public async Task DisposeAsync()
    {
        _management?.Dispose();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    public void Dispose() => _management?.Dispose();

    private HttpClient Management => _management ?? throw new InvalidOperationException("The broker fixture is not initialized.");

    /// <summary>The fields of the management API's queue object that the tests read.</summary>
    public sealed record QueueInfo(string Name, long Messages, long MessagesReady, long MessagesUnacknowledged)
    {
        [System.Text.Json.Serialization.JsonPropertyName("messages_ready")]
        public long MessagesReady { get; init; } = MessagesReady;

        [System.Text.Json.Serialization.JsonPropertyName("messages_unacknowledged")]
        public long MessagesUnacknowledged { get; init; } = MessagesUnacknowledged;

        [System.Text.Json.Serialization.JsonPropertyName("arguments")]
        public Dictionary<string, System.Text.Json.JsonElement>? Arguments { get; init; }
    }
}
