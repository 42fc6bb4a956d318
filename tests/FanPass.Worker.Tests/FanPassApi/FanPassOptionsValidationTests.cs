using FanPass.Worker.FanPassApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FanPass.Worker.Tests.FanPassApi;

public sealed class FanPassOptionsValidationTests
{
    private const string Secret = "very-secret-token-9d81";

    private static ServiceProvider CreateSut(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddFanPassClient(configuration);
        return services.BuildServiceProvider();
    }

    private static Dictionary<string, string?> Valid() => new()
    {
        ["FanPass:BaseUrl"] = "https://fanpass.example/",
        ["FanPass:ApiToken"] = Secret,
    };

    private static OptionsValidationException Fails(Dictionary<string, string?> settings)
    {
        using var provider = CreateSut(settings);
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FanPassOptions>>().Value);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
        return ex;
    }

    [Fact]
    public void Validate_ValidSettings_BindsDefaults()
    {
        using var provider = CreateSut(Valid());

        var options = provider.GetRequiredService<IOptions<FanPassOptions>>().Value;

        Assert.Equal(new Uri("https://fanpass.example/"), options.BaseUrl);
        Assert.Equal(Secret, options.ResolvedApiToken);
        Assert.Equal(10_000, options.Segments.CsvUploadThreshold);
        Assert.Equal(5_000_000, options.Segments.MaxUserIds);
        Assert.Equal("/api/v1/segments", options.Segments.Path);
        Assert.Equal("name", options.Segments.NameField);
        Assert.Equal("userId", options.Segments.CsvHeader);
        Assert.Equal("/api/v1/users", options.Users.Path);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Resilience.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Resilience.TotalTimeout);
        Assert.Equal(4, options.Resilience.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Resilience.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Resilience.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Resilience.MaxRetryAfter);
        Assert.Equal(0.5, options.Resilience.CircuitBreaker.FailureRatio);
        Assert.Equal(20, options.Resilience.CircuitBreaker.MinimumThroughput);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Resilience.CircuitBreaker.SamplingDuration);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Resilience.CircuitBreaker.BreakDuration);
        Assert.Equal(8, options.Concurrency.Initial);
        Assert.Equal(1, options.Concurrency.Min);
        Assert.Equal(32, options.Concurrency.Max);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Concurrency.LatencyThreshold);
        Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingBaseUrl_NamesKey()
    {
        var settings = Valid();
        settings.Remove("FanPass:BaseUrl");

        Assert.Contains("FanPass:BaseUrl", Fails(settings).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/fanpass")]
    [InlineData("/api/fanpass")]
    [InlineData("ftp://fanpass.example/")]
    public void Validate_RelativeOrNonHttpBaseUrl_NamesKey(string baseUrl)
    {
        var settings = Valid();
        settings["FanPass:BaseUrl"] = baseUrl;

        Assert.Contains("FanPass:BaseUrl must be an absolute http or https URL", Fails(settings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoToken_NamesBothKeys()
    {
        var settings = Valid();
        settings.Remove("FanPass:ApiToken");

        var message = Fails(settings).Message;

        Assert.Contains("FanPass:ApiToken or FanPass:ApiTokenFile is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TokenAndMissingFile_NamesBothKeysWithoutToken()
    {
        var settings = Valid();
        settings["FanPass:ApiTokenFile"] = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}");

        var message = Fails(settings).Message;

        Assert.Contains("FanPass:ApiToken and FanPass:ApiTokenFile are both set", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingTokenFile_NamesKey()
    {
        var settings = Valid();
        settings.Remove("FanPass:ApiToken");
        settings["FanPass:ApiTokenFile"] = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}");

        Assert.Contains("FanPass:ApiTokenFile: cannot read", Fails(settings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TokenFile_ReadAndTrimmed()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, $"  {Secret}\n\n");
            var settings = Valid();
            settings.Remove("FanPass:ApiToken");
            settings["FanPass:ApiTokenFile"] = file;
            using var provider = CreateSut(settings);

            var options = provider.GetRequiredService<IOptions<FanPassOptions>>().Value;

            Assert.Equal(Secret, options.ResolvedApiToken);
            Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Validate_EmptyTokenFile_NamesKey()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "  \n");
            var settings = Valid();
            settings.Remove("FanPass:ApiToken");
            settings["FanPass:ApiTokenFile"] = file;

            Assert.Contains("FanPass:ApiTokenFile: the file is empty", Fails(settings).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("FanPass:Segments:CsvUploadThreshold", "0")]
    [InlineData("FanPass:Segments:MaxUserIds", "0")]
    [InlineData("FanPass:Segments:NameField", "")]
    [InlineData("FanPass:Resilience:AttemptTimeout", "00:00:00")]
    [InlineData("FanPass:Resilience:MaxRetryAttempts", "-1")]
    [InlineData("FanPass:Resilience:CircuitBreaker:FailureRatio", "0")]
    [InlineData("FanPass:Resilience:CircuitBreaker:MinimumThroughput", "1")]
    [InlineData("FanPass:Resilience:CircuitBreaker:BreakDuration", "00:00:00.100")]
    [InlineData("FanPass:Concurrency:Max", "0")]
    public void Validate_OutOfRange_NamesKey(string key, string value)
    {
        var settings = Valid();
        settings[key] = value;

        Assert.Contains(key, Fails(settings).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:10")]
    [InlineData("00:00:05")]
    public void Validate_TotalTimeoutNotAboveAttemptTimeout_NamesKey(string totalTimeout)
    {
        var settings = Valid();
        settings["FanPass:Resilience:AttemptTimeout"] = "00:00:10";
        settings["FanPass:Resilience:TotalTimeout"] = totalTimeout;

        Assert.Contains("FanPass:Resilience:TotalTimeout must be greater than FanPass:Resilience:AttemptTimeout", Fails(settings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InitialAboveMax_NamesKey()
    {
        var settings = Valid();
        settings["FanPass:Concurrency:Initial"] = "64";

        Assert.Contains("FanPass:Concurrency:Initial", Fails(settings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Invalid_NeverEchoesToken()
    {
        var settings = Valid();
        settings["FanPass:BaseUrl"] = "relative";
        settings["FanPass:Segments:CsvUploadThreshold"] = "0";

        var message = Fails(settings).Message;

        Assert.DoesNotContain(Secret, message, StringComparison.Ordinal);
    }
}
