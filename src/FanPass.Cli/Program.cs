using FanPass.Cli.Commands;

return args.FirstOrDefault() switch
{
    "demo" => await DemoCommand.RunAsync(args[1..]),
    "publish" => await PublishCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("""
        fanpass — FanPass Worker developer tool

          demo                          Run the real pipeline with no infrastructure: the FanPass emulator in-process,
                                        the worker on MassTransit's in-memory transport, a sample workload, outcomes printed.
            [--events N] [--users N]    attribute events (default 2000) over users (default 50)

          publish                       Publish a sample workload to a real RabbitMQ (docker compose up, or a local broker).
            [--rabbit amqp://guest:guest@localhost:5672/] [--events N] [--users N] [--segments N] [--raw]
                                        --raw publishes plain JSON with RabbitMQ.Client, as a non-.NET publisher would.
        """);
    return 1;
}
