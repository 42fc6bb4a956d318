// Standalone: dotnet run --project src/FanPass.Emulator -- --urls http://127.0.0.1:5080
// The admin API (/_admin) has no authentication: keep the emulator on loopback or a private network.
await FanPass.Emulator.EmulatorApp.Build(args).RunAsync();
