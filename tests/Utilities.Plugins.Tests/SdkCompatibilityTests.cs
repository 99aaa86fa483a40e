using Utilities.Host.Plugins;

namespace Utilities.Plugins.Tests;

public sealed class SdkCompatibilityTests
{
    [Theory]
    [InlineData("1.0.0", "1.1.0")]
    [InlineData("1.1.0", "1.1.0")]
    [InlineData("1.1.0.0", "1.1.0")]
    public void A_plugin_built_against_the_hosts_major_version_at_or_below_the_hosts_sdk_runs(string plugin, string host) =>
        Assert.Null(SdkCompatibility.Incompatibility(Version.Parse(plugin), Version.Parse(host)));

    [Theory]
    [InlineData("1.2.0", "1.1.0", "built against SDK 1.2.0, newer than the host's SDK 1.1.0")]
    [InlineData("2.0.0", "1.1.0", "built against SDK 2.0.0, another major version than the host's SDK 1.1.0")]
    [InlineData("0.9.0", "1.1.0", "built against SDK 0.9.0, another major version than the host's SDK 1.1.0")]
    public void A_plugin_built_against_a_newer_or_another_major_sdk_is_refused(string plugin, string host, string reason) =>
        Assert.StartsWith(reason, SdkCompatibility.Incompatibility(Version.Parse(plugin), Version.Parse(host)), StringComparison.Ordinal);
}
