using Microsoft.Playwright;

namespace Utilities.EndToEnd.Tests;

/// <summary>
/// Issue 10, "Uses": an accountant reaches the demand screen from the back-office menu, opens a
/// building and sees each service's forecast against actual drawn as lines (not stacked bars).
/// </summary>
public sealed class DemandBrowserTests(RunningHost host) : IClassFixture<RunningHost>
{
    [Fact]
    public async Task The_demand_screen_is_in_the_menu_and_draws_a_buildings_forecast_against_actual()
    {
        var building = await host.ScalarAsync<long>("""
            select p.building_id from metering.meters m join contracts.personal_accounts a on a.id = m.account_id
            join contracts.premises p on p.id = a.premises_id
            where m.utility = 'cold-water' and not m.is_automated group by p.building_id order by count(*) desc, p.building_id limit 1
            """);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        page.SetDefaultNavigationTimeout(90_000);
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync($"{host.Url}/office/sign-in");
        await page.FillAsync("#login", "accountant");
        await page.FillAsync("#password", "accountant-demo");
        await page.ClickAsync("form button[type=submit].primary");
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));

        await page.GotoAsync($"{host.Url}/office/metering");
        await page.Locator("a[href='/office/metering/demand']").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/office/metering/demand", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#demand-list")).ToBeVisibleAsync();

        await page.GotoAsync($"{host.Url}/office/metering/demand?building={building}");
        var canvas = page.Locator($"#demand-{building}-cold-water canvas");
        await Assertions.Expect(canvas).ToBeVisibleAsync();
        var selector = $"#demand-{building}-cold-water canvas";
        await page.WaitForFunctionAsync($"() => window.Chart && Chart.getChart(document.querySelector(\"{selector}\"))", null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        var drawn = await page.EvaluateAsync<string>($$"""
            () => { const c = Chart.getChart(document.querySelector("{{selector}}"));
                    return c.config.type + '|' + c.options.scales.y.stacked + '|' + c.data.datasets.length; }
            """);
        Assert.Equal("line|false|4", drawn);
        var box = await canvas.BoundingBoxAsync();
        Assert.True(box is { Width: > 100, Height: > 100 }, $"chart {box?.Width}×{box?.Height}");
        await Assertions.Expect(page.Locator($"#demand-{building}-cold-water table")).ToContainTextAsync("Прогноз");
    }
}
