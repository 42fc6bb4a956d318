// Broker tests share one RabbitMQ; each scenario has its own virtual host, but they run one at a time so
// that timings (batch windows, pauses) are not distorted by a neighbour on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
