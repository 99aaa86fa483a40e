using System.Globalization;
using Microsoft.Playwright;

namespace Utilities.EndToEnd.Tests;

/// <summary>
/// The live outage banner in a real browser (issue 9, "Done when"): a consumer has the cabinet
/// open; an operator announces an outage at their building in the back office; the banner appears
/// on the consumer's page through server-sent events (htmx sse extension), without a reload.
/// </summary>
public sealed class OutageBannerBrowserTests(RunningHost host) : IClassFixture<RunningHost>
{
    private static async Task<IPage> NewPageAsync(IBrowser browser)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        page.SetDefaultNavigationTimeout(90_000);
        page.SetDefaultTimeout(60_000);
        return page;
    }

    [Fact]
    public async Task An_announced_outage_appears_on_the_open_cabinet_without_a_reload()
    {
        var address = await host.ScalarAsync<string>("""
            select b.address from contracts.consumers k join contracts.contracts c on c.consumer_id = k.id
            join contracts.personal_accounts a on a.contract_id = c.id join contracts.premises p on p.id = a.premises_id
            join contracts.buildings b on b.id = p.building_id
            where k.email = 'ivanov.sp@example.ru' and a.utility = 'cold-water' order by a.id limit 1
            """);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        var consumer = await NewPageAsync(browser);
        await consumer.GotoAsync($"{host.Url}/sign-in");
        await consumer.FillAsync("#login", "ivanov.sp@example.ru");
        await consumer.FillAsync("#password", "cabinet-demo");
        await consumer.ClickAsync("form button[type=submit].primary");
        await consumer.WaitForURLAsync($"{host.Url}/cabinet");
        await consumer.EvaluateAsync("window.__sameDocument = true");
        Assert.Equal(0, await consumer.Locator(".outage-banner:has-text('Прорыв магистрали E2E')").CountAsync());

        // The operator, in another browser context (their own cookies).
        await using var office = await browser.NewContextAsync();
        var operatorPage = await office.NewPageAsync();
        operatorPage.SetDefaultTimeout(60_000);
        operatorPage.SetDefaultNavigationTimeout(90_000);
        await operatorPage.GotoAsync($"{host.Url}/office/sign-in");
        await operatorPage.FillAsync("#login", "operator");
        await operatorPage.FillAsync("#password", "operator-demo");
        await operatorPage.ClickAsync("form button[type=submit].primary");
        await operatorPage.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
        await operatorPage.GotoAsync($"{host.Url}/office/notifications/new");
        await operatorPage.SelectOptionAsync("select[name=Kind]", "Outage");
        await operatorPage.SelectOptionAsync("select[name=Utility]", "cold-water");
        await operatorPage.FillAsync("input[name=Title]", "Прорыв магистрали E2E");
        await operatorPage.FillAsync("textarea[name=Addresses]", address!);
        // A day back and two ahead: under way whatever the centre's time zone.
        await operatorPage.FillAsync("input[name=StartsAt]", DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await operatorPage.FillAsync("input[name=ExpectedEndAt]", DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await operatorPage.FillAsync("textarea[name=Reason]", "Аварийная бригада на месте");
        await operatorPage.ClickAsync("form.form button[type=submit]");
        await operatorPage.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, @"/office/notifications/\d+$"));
        await Artifacts.ScreenshotAsync(operatorPage, "Announced");

        await Assertions.Expect(consumer.Locator(".outage-banner")).ToContainTextAsync("Прорыв магистрали E2E", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        Assert.True(await consumer.EvaluateAsync<bool>("window.__sameDocument === true"), "the page was reloaded");
        Assert.Contains("Аварийная бригада на месте", await consumer.InnerTextAsync("#outage-banner"), StringComparison.Ordinal);
        await Artifacts.ScreenshotAsync(consumer, "Banner_in_the_cabinet");
    }
}
