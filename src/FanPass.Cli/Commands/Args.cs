using System.Globalization;

namespace FanPass.Cli.Commands;

/// <summary>Reads "--name value" options.</summary>
internal static class Args
{
    public static string? Get(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static int Int(string[] args, string name, int fallback) =>
        Get(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static bool Flag(string[] args, string name) => args.Contains(name);
}
