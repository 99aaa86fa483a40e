using System.Net;
using System.Text.Json;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

public sealed class HealthTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Health_reports_database_and_each_module_with_version_and_schema_version()
    {
        var response = await host.Factory.CreateClient().GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = json.RootElement;
        Assert.Equal("healthy", root.GetProperty("status").GetString());
        Assert.True(root.GetProperty("databaseReachable").GetBoolean());
        var modules = root.GetProperty("modules").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal(["Billing", "Contracts", "Metering", "Notifications", "Platform", "RepairFund"], modules.Keys.Order());
        foreach (var (name, module) in modules)
        {
            Assert.True(module.GetProperty("schemaVersion").GetInt64() >= 1, $"{name} has an applied migration");
            Assert.Matches(@"^\d+\.\d+\.\d+", module.GetProperty("version").GetString());
        }

        Assert.Equal("repair_fund", modules["RepairFund"].GetProperty("schema").GetString());
    }

    [Fact]
    public async Task Health_lists_the_loaded_plugins_with_their_versions_and_sdk()
    {
        var response = await host.Factory.CreateClient().GetAsync("/health", TestContext.Current.CancellationToken);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var plugins = json.RootElement.GetProperty("plugins").EnumerateArray().ToDictionary(p => p.GetProperty("code").GetString()!);
        Assert.Equal(["cold-water", "electricity", "heating", "hot-water"], plugins.Keys.Order());
        foreach (var (code, plugin) in plugins)
        {
            Assert.Matches(@"^\d+\.\d+\.\d+", plugin.GetProperty("version").GetString());
            Assert.True(plugin.GetProperty("sdk").GetString() == "1.5.0", $"{code} is built against SDK 1.5.0");
        }
    }
}
