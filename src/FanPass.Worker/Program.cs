using FanPass.Worker.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddFanPassWorker();

var app = builder.Build();
app.MapFanPassWorkerEndpoints();
await app.RunAsync();
