using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Host.Platform.ApiClients;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

public sealed class BillingSwitchedOff : HostFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["Modules:Billing:Enabled"] = "false" };
}

/// <summary>A module switched off by configuration: the host starts and the other modules work.</summary>
public sealed class ModuleSwitchTests(BillingSwitchedOff host) : IClassFixture<BillingSwitchedOff>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Disabled_module_has_no_pages_no_menu_and_no_schema_while_the_others_work()
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("operator", "operator-demo");

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/office/billing", Cancel)).StatusCode);
        foreach (var path in new[] { "/office/contracts", "/office/metering", "/office/repair-fund", "/office/notifications" })
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(path, Cancel)).StatusCode);

        var office = await browser.GetStringAsync("/office", Cancel);
        Assert.DoesNotContain("/office/billing", office, StringComparison.Ordinal);
        Assert.Contains("/office/metering", office, StringComparison.Ordinal);
        Assert.Null(await host.Database.ScalarAsync<string>("select schema_name::text from information_schema.schemata where schema_name = 'billing'"));
    }

    [Fact]
    public async Task Disabled_module_contributes_nothing_to_the_api()
    {
        string key;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            (_, key) = await scope.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync("t", ["metering:read", "billing:read"], "test", Cancel);
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        var metadata = await client.GetStringAsync("/odata/$metadata", Cancel);

        Assert.Contains("EntitySet Name=\"Meters\"", metadata, StringComparison.Ordinal);
        Assert.DoesNotContain("Tariffs", metadata, StringComparison.Ordinal);
        Assert.DoesNotContain("Utilities.Billing", metadata, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/odata/Tariffs", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Health_lists_the_disabled_module_as_such_and_stays_healthy()
    {
        var json = JsonDocument.Parse(await host.Factory.CreateClient().GetStringAsync("/health", Cancel)).RootElement;
        var billing = json.GetProperty("modules").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "Billing");

        Assert.Equal("healthy", json.GetProperty("status").GetString());
        Assert.False(billing.GetProperty("enabled").GetBoolean());
    }
}
