namespace FanPass.Emulator;

/// <summary>Source-generated log messages. Nothing is logged per request above Debug; the token is never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Rejected {Method} {Path}: {Reason}")]
    public static partial void Unauthenticated(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Injected fault {Fault} into {Method} {Path}")]
    public static partial void FaultInjected(ILogger logger, string fault, string method, string path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Fault settings replaced: {Faults}")]
    public static partial void FaultsReplaced(ILogger logger, FaultSettings faults);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Emulator state reset")]
    public static partial void StateReset(ILogger logger);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Invalid request to {Path}: {Message}")]
    public static partial void InvalidRequest(ILogger logger, string path, string message);
}
