namespace FanPass.IntegrationTests.Infrastructure;

/// <summary>One broker for every scenario class.</summary>
[CollectionDefinition(Name)]
public sealed class BrokerCollection : ICollectionFixture<RabbitMqBroker>
{
    public const string Name = "broker";
}
