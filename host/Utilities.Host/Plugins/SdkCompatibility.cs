using Utilities.Plugins.Sdk;

namespace Utilities.Host.Plugins;

/// <summary>
/// Which plugins this host can run (docs/adr/0005-plugins.md): the SDK changes only additively
/// within a major version, so a plugin built against the host's major version at the host's
/// version or older runs; a newer one may call members this host lacks, another major is a
/// different contract.
/// </summary>
internal static class SdkCompatibility
{
    public static Version HostSdk { get; } = typeof(IUtilityPlugin).Assembly.GetName().Version ?? new Version(0, 0, 0);

    /// <summary>Why a plugin built against <paramref name="pluginSdk"/> cannot run on <paramref name="hostSdk"/>; null when it can.</summary>
    public static string? Incompatibility(Version pluginSdk, Version hostSdk)
    {
        var plugin = Normalize(pluginSdk);
        var host = Normalize(hostSdk);
        if (plugin.Major != host.Major)
            return $"built against SDK {plugin.ToString(3)}, another major version than the host's SDK {host.ToString(3)}";
        return plugin > host
            ? $"built against SDK {plugin.ToString(3)}, newer than the host's SDK {host.ToString(3)}: update the host first"
            : null;
    }

    private static Version Normalize(Version v) => new(v.Major, v.Minor, Math.Max(v.Build, 0));
}
