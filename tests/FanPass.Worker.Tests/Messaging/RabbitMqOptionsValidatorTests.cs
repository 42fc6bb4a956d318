using FanPass.Worker.Messaging;

namespace FanPass.Worker.Tests.Messaging;

public sealed class RabbitMqOptionsValidatorTests
{
    private static readonly RabbitMqOptionsValidator Validator = new();

    private static void AssertFailsWith(Microsoft.Extensions.Options.ValidateOptionsResult result, string key)
    {
        Assert.True(result.Failed, $"expected a failure naming {key}");
        Assert.Contains(result.Failures!, f => f.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(Validator.Validate(null, new RabbitMqOptions()).Succeeded);
    }

    [Theory]
    [InlineData("rabbitmq")]
    [InlineData("broker.internal.example.com")]
    [InlineData("10.0.0.5")]
    [InlineData("::1")]
    public void Validate_GoodHost_Succeeds(string host)
    {
        Assert.True(Validator.Validate(null, new RabbitMqOptions { Host = host }).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("amqp://rabbit:5672")]
    [InlineData("bad host")]
    public void Validate_BadHost_FailsNamingKey(string host)
    {
        AssertFailsWith(Validator.Validate(null, new RabbitMqOptions { Host = host }), "RabbitMq:Host");
    }

    [Fact]
    public void Validate_NullHost_FailsNamingKey()
    {
        AssertFailsWith(Validator.Validate(null, new RabbitMqOptions { Host = null! }), "RabbitMq:Host");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Validate_BadPort_FailsNamingKey(int port)
    {
        AssertFailsWith(Validator.Validate(null, new RabbitMqOptions { Port = port }), "RabbitMq:Port");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(65535)]
    public void Validate_PortAtBounds_Succeeds(int port)
    {
        Assert.True(Validator.Validate(null, new RabbitMqOptions { Port = port }).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Validate_EmptyVirtualHost_FailsNamingKey(string virtualHost)
    {
        AssertFailsWith(Validator.Validate(null, new RabbitMqOptions { VirtualHost = virtualHost }), "RabbitMq:VirtualHost");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Validate_EmptyUsername_FailsNamingKey(string username)
    {
        AssertFailsWith(Validator.Validate(null, new RabbitMqOptions { Username = username }), "RabbitMq:Username");
    }

    [Fact]
    public void Validate_MissingPasswordFile_FailsNamingKey()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fanpass-no-such-file-{Guid.NewGuid():N}");

        AssertFailsWith(Validator.Validate(null, new RabbitMqOptions { PasswordFile = path }), "RabbitMq:PasswordFile");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Validate_BlankPasswordFile_Ignored(string passwordFile)
    {
        Assert.True(Validator.Validate(null, new RabbitMqOptions { PasswordFile = passwordFile }).Succeeded);
    }

    [Fact]
    public void Validate_PasswordSet_NotInAnyFailure()
    {
        var result = Validator.Validate(null, new RabbitMqOptions { Password = "hunter2-secret", Port = 0 });

        Assert.True(result.Failed);
        Assert.DoesNotContain(result.Failures!, f => f.Contains("hunter2-secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(601)]
    public void Validate_BadHeartbeat_FailsNamingKey(int seconds)
    {
        AssertFailsWith(Validator.Validate(null, new RabbitMqOptions { Heartbeat = TimeSpan.FromSeconds(seconds) }), "RabbitMq:Heartbeat");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(600)]
    public void Validate_HeartbeatAtBounds_Succeeds(int seconds)
    {
        Assert.True(Validator.Validate(null, new RabbitMqOptions { Heartbeat = TimeSpan.FromSeconds(seconds) }).Succeeded);
    }

    [Fact]
    public void Validate_SeveralBadValues_ReportsEach()
    {
        var result = Validator.Validate(null, new RabbitMqOptions { Host = "", Port = 0, VirtualHost = "", Username = "", Heartbeat = TimeSpan.FromHours(1) });

        Assert.True(result.Failed);
        Assert.Equal(5, result.Failures!.Count());
    }

    [Fact]
    public void ToString_DoesNotContainPassword()
    {
        var text = new RabbitMqOptions { Password = "hunter2-secret" }.ToString();

        Assert.DoesNotContain("hunter2-secret", text, StringComparison.Ordinal);
    }
}
