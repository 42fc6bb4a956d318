using FanPass.Worker.Hosting;

return await WorkerHost.RunAsync(args);
