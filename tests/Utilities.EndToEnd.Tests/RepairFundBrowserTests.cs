using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Utilities.EndToEnd.Tests;

/// <summary>
/// Issue 8, "Done when": an accountant charges November's contributions on the back office's
/// repair-fund page; the owner then sees the contributions, the debt, the building's fund and its
/// chart in the cabinet, and the same at the kiosk after signing in on the keypad.
/// </summary>
public sealed partial class RepairFundBrowserTests(RunningHost host) : IClassFixture<RunningHost>
{
    private static async Task<IPage> NewPageAsync(IBrowser browser, int width, int height)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        // Two cores shared with the host tests: navigations may take longer than Playwright's 30 s default.
        page.SetDefaultNavigationTimeout(90_000);
        page.SetDefaultTimeout(60_000);
        return page;
    }

    private async Task ChargeNovemberAsync(IBrowser browser)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultNavigationTimeout(90_000);
        await page.GotoAsync($"{host.Url}/office/sign-in");
        await page.FillAsync("#login", "accountant");
        await page.FillAsync("#password", "accountant-demo");
        await page.ClickAsync("form button[type=submit].primary");
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
        await page.GotoAsync($"{host.Url}/office/repair-fund");
        await page.FillAsync("input[name=ChargeMonth]", "2026-11");
        await page.Locator("form:has(input[name=ChargeMonth]) button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Взносы за 11.2026 начислены");
    }

    private static async Task AssertFundShownAsync(IPage page)
    {
        var section = page.Locator(".repair-fund-premises").First;
        await Assertions.Expect(section).ToBeVisibleAsync();
        var debt = decimal.Parse((await section.Locator(".balance").GetAttributeAsync("data-debt"))!, CultureInfo.InvariantCulture);
        Assert.True(debt > 0, $"November's contribution is owed ({debt})");
        await Assertions.Expect(section.Locator(".balance")).ToContainTextAsync("Задолженность по взносам на капремонт");
        await Assertions.Expect(section.Locator("table.contributions tr").Filter(new LocatorFilterOptions { Has = page.Locator("th:text-is('11.2026')") })).ToHaveCountAsync(1);
        await Assertions.Expect(section.Locator("table.works")).ToContainTextAsync("Крыша");
        var canvas = section.Locator("canvas[data-chart^='fund-']");
        await Assertions.Expect(canvas).ToBeVisibleAsync();
        try
        {
            await page.WaitForFunctionAsync("() => window.Chart && Chart.getChart(document.querySelector(\"canvas[data-chart^='fund-']\"))", null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            var why = await page.EvaluateAsync<string>("""
                () => { try { const c = document.querySelector("canvas[data-chart^='fund-']"); const spec = JSON.parse(document.getElementById(c.getAttribute('data-chart')).textContent);
                              return 'chart: ' + typeof Chart + ', spec: ' + JSON.stringify(spec).slice(0, 300); } catch (e) { return 'error: ' + e; } }
                """);
            Assert.Fail("the chart was not drawn: " + why);
        }

        var box = await canvas.BoundingBoxAsync();
        Assert.True(box is { Width: > 100, Height: > 100 }, $"chart {box?.Width}×{box?.Height}");
    }

    [Fact]
    public async Task An_owner_sees_contributions_debt_and_the_buildings_fund_with_its_chart_in_the_cabinet_and_at_the_kiosk()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await ChargeNovemberAsync(browser);

        var page = await NewPageAsync(browser, 1280, 1000);
        await page.GotoAsync($"{host.Url}/sign-in");
        await page.FillAsync("#login", "ivanov.sp@example.ru");
        await page.FillAsync("#password", "cabinet-demo");
        await page.ClickAsync("form button[type=submit].primary");
        await page.WaitForURLAsync($"{host.Url}/cabinet");
        await page.ClickAsync(".widget.repair-fund a");
        await page.WaitForURLAsync($"{host.Url}/cabinet/repair-fund");
        await AssertFundShownAsync(page);
        await Artifacts.ScreenshotAsync(page, "Cabinet");

        var kiosk = await NewPageAsync(browser, 1080, 1920);
        await kiosk.GotoAsync($"{host.Url}/kiosk/pair?token=demo-kiosk");
        await kiosk.ClickAsync("text=Открыть киоск");
        await kiosk.WaitForURLAsync($"{host.Url}/kiosk");
        foreach (var c in "Д-2024/0002")
            await kiosk.ClickAsync($".keypad [data-key='{c}']");
        await kiosk.ClickAsync(".kiosk-form button[type=submit]");
        await kiosk.WaitForSelectorAsync("#code");
        var body = await host.ScalarAsync<string>("select body from notifications.sent_messages where channel = 'sms' order by id desc limit 1");
        foreach (var c in SixDigits().Match(body!).Value)
            await kiosk.ClickAsync($".keypad [data-key='{c}']");
        await kiosk.ClickAsync(".kiosk-form button[type=submit]");
        await kiosk.WaitForURLAsync($"{host.Url}/kiosk/session");
        await kiosk.ClickAsync(".widget.repair-fund a");
        await kiosk.WaitForURLAsync($"{host.Url}/kiosk/session/repair-fund");
        await AssertFundShownAsync(kiosk);
        await Artifacts.ScreenshotAsync(kiosk, "Kiosk");
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
