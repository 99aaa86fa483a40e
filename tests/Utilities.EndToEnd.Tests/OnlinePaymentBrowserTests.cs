using System.Globalization;
using Microsoft.Playwright;

namespace Utilities.EndToEnd.Tests;

/// <summary>
/// Issue 7, "Done when": in a real browser a consumer pays a bill in the cabinet through the
/// stand-in acquirer and sees the balance change; a late callback is waited for on the return
/// page, which htmx refreshes until the payment is in.
/// </summary>
public sealed class OnlinePaymentBrowserTests(RunningHost host) : IClassFixture<RunningHost>
{
    private static async Task<IPage> NewPageAsync(IBrowser browser)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        // Two cores shared with the host tests: navigations may take longer than Playwright's 30 s default.
        page.SetDefaultNavigationTimeout(90_000);
        page.SetDefaultTimeout(60_000);
        return page;
    }

    /// <summary>An accountant bills November in the back office; the run goes on in the background until completed.</summary>
    private async Task BillNovemberAsync(IBrowser browser)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultNavigationTimeout(90_000);
        await page.GotoAsync($"{host.Url}/office/sign-in");
        await page.FillAsync("#login", "accountant");
        await page.FillAsync("#password", "accountant-demo");
        await page.ClickAsync("form button[type=submit].primary");
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
        await page.GotoAsync($"{host.Url}/office/billing/runs");
        await page.FillAsync("input[name=Period]", "2026-11");
        await page.Locator("form:has(input[type=month][name=Period]) button[type=submit]").ClickAsync();
        var until = DateTime.UtcNow.AddSeconds(180);
        string? state = null;
        while (DateTime.UtcNow < until && (state = await host.ScalarAsync<string>("select state from billing.runs where period = date '2026-11-01' order by id desc limit 1")) is null or "running")
            await Task.Delay(500);
        Assert.Equal("completed", state);
    }

    /// <summary>What the bill payments gave the repair fund: pro rata with the month's contribution in a regional operator's building (issue 8).</summary>
    private async Task<decimal> FundSharesAsync() =>
        await host.ScalarAsync<decimal>("select coalesce(sum(repair_fund_share), 0) from billing.payments where target = 'bill'");

    /// <summary>The premises' open contributions a bill payment shares with (regional operator's buildings): the pay form offers them too.</summary>
    private async Task<decimal> FundDueAsync(string payPageUrl)
    {
        var premises = long.Parse(payPageUrl[(payPageUrl.LastIndexOf('=') + 1)..], CultureInfo.InvariantCulture);
        return await host.ScalarAsync<decimal>($"""
            select coalesce(sum(open), 0) from (
                select sum(e.amount) as open from repair_fund.entries e
                where e.premises_id = {premises} and e.for_period is not null and e.kind <> 4
                  and exists (select 1 from repair_fund.funds f where f.building_id = e.building_id and f.account_kind <> 'special')
                group by e.for_period) m where open > 0
            """);
    }

    private static async Task<decimal> ShownBalanceAsync(IPage page) =>
        decimal.Parse((await page.Locator(".balance").First.GetAttributeAsync("data-balance"))!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_consumer_pays_a_bill_through_the_stand_in_acquirer_and_sees_the_balance_change()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        await BillNovemberAsync(browser);
        var page = await NewPageAsync(browser);

        await page.GotoAsync($"{host.Url}/sign-in");
        await page.FillAsync("#login", "ivanov.sp@example.ru");
        await page.FillAsync("#password", "cabinet-demo");
        await page.ClickAsync("form button[type=submit].primary");
        await page.WaitForURLAsync($"{host.Url}/cabinet");

        // The consumer opens November's bill, reads it, and pays from it.
        await page.GotoAsync($"{host.Url}/cabinet/bills");
        await page.ClickAsync("table.grid a:text-is('11.2026')");
        await page.WaitForURLAsync("**/cabinet/bills/*");
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
        Assert.True(decimal.Parse((await page.InnerTextAsync(".total-due")).Replace("₽", "", StringComparison.Ordinal).Trim(), NumberStyles.Number, new CultureInfo("ru-RU")) > 0);
        await Artifacts.ScreenshotAsync(page, "Bill");
        await page.ClickAsync("a.pay");
        await page.WaitForURLAsync("**/cabinet/payments/pay?premises=*");
        var before = await ShownBalanceAsync(page);
        Assert.True(before > 100m, $"November's bill leaves something due ({before})");
        await Assertions.Expect(page.Locator("#amount")).ToHaveValueAsync((before + await FundDueAsync(page.Url)).ToString("0.00", new CultureInfo("ru-RU")));

        // A part of the bill.
        await page.FillAsync("#amount", "100,00");
        await page.ClickAsync(".pay-form button[type=submit]");
        await page.WaitForURLAsync("**/stand-in/acquirer/*");
        await Assertions.Expect(page.Locator(".amount")).ToContainTextAsync("100,00");
        await page.FillAsync("#card", "4111 1111 1111 1111");
        await page.ClickAsync("button.primary");
        await page.WaitForURLAsync("**/cabinet/payments/return/*");
        await Assertions.Expect(page.Locator("#order")).ToContainTextAsync("Оплата прошла");
        await Assertions.Expect(page.Locator("#order .balance")).ToHaveAttributeAsync("data-balance", (before - 100m + await FundSharesAsync()).ToString("0.00", CultureInfo.InvariantCulture));

        // Another 50 ₽ whose callback comes late: the return page waits and updates by itself.
        await page.ClickAsync("a.button:has-text('Оплатить ещё')");
        await page.WaitForURLAsync("**/cabinet/payments/pay?premises=*");
        await page.FillAsync("#amount", "50");
        await page.ClickAsync(".pay-form button[type=submit]");
        await page.WaitForURLAsync("**/stand-in/acquirer/*");
        await page.FillAsync("#card", "4111111111111111");
        await page.CheckAsync("input[name=Late]");
        await page.ClickAsync("button.primary");
        await page.WaitForURLAsync("**/cabinet/payments/return/*");
        await Assertions.Expect(page.Locator("#order")).ToContainTextAsync("обрабатывается");
        await Assertions.Expect(page.Locator("#order")).ToContainTextAsync("Оплата прошла", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#order .balance")).ToHaveAttributeAsync("data-balance", (before - 150m + await FundSharesAsync()).ToString("0.00", CultureInfo.InvariantCulture));
        await Artifacts.ScreenshotAsync(page);
    }
}
