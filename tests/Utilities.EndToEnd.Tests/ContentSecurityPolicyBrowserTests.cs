using Microsoft.Playwright;

namespace Utilities.EndToEnd.Tests;

/// <summary>
/// The content security policy in a real browser (issue 12, ADR 25): the pages of the three shells,
/// charts and htmx included, load without one CSP violation (no inline script, handler or style is
/// blocked, nothing is evaluated); the round sheet's print button works from site.js; the real Kestrel
/// sends no Server banner.
/// </summary>
public sealed class ContentSecurityPolicyBrowserTests(RunningHost host) : IClassFixture<RunningHost>
{
    // Playwright's init scripts run outside the page's CSP: they only listen.
    private const string Listener = """
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
        window.print = () => { window.__printed = true; };
        """;

    private static async Task<IPage> PageAsync(IBrowser browser, List<string> console)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        await context.AddInitScriptAsync(Listener);
        var page = await context.NewPageAsync();
        page.SetDefaultNavigationTimeout(90_000);
        page.SetDefaultTimeout(60_000);
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || m.Text.Contains("Refused to", StringComparison.Ordinal))
                console.Add(page.Url + ": " + m.Text);
        };
        return page;
    }

    private static async Task VisitAsync(IPage page, string url, List<string> violations)
    {
        var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.True(response!.Ok, $"{url}: {response.Status}");
        Assert.False((await response.AllHeadersAsync()).ContainsKey("server"), $"{url} names its server");
        await page.WaitForTimeoutAsync(300); // charts draw after DOMContentLoaded
        violations.AddRange((await page.EvaluateAsync<string[]>("window.__csp")).Select(v => url + ": " + v));
    }

    private static async Task SignInAsync(IPage page, string url, string path, string login, string password)
    {
        await page.GotoAsync($"{url}{path}");
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", password);
        await page.ClickAsync("form button[type=submit].primary");
        await page.WaitForURLAsync(u => !u.Contains("sign-in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_of_every_shell_load_without_a_csp_violation_and_the_print_button_prints()
    {
        var account = await host.ScalarAsync<long>("""
            select m.account_id from metering.meters m join contracts.personal_accounts a on a.id = m.account_id
            join contracts.contracts c on c.id = a.contract_id where c.number = 'Д-2024/0001' order by m.id limit 1
            """);
        var building = await host.ScalarAsync<long>("select min(id) from contracts.buildings");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var violations = new List<string>();
        var console = new List<string>();

        var consumer = await PageAsync(browser, console);
        await SignInAsync(consumer, host.Url, "/sign-in", "ivanov.sp@example.ru", "cabinet-demo");
        foreach (var path in new[] { "/cabinet", $"/cabinet/accounts/{account}", $"/cabinet/accounts/{account}/meters", "/cabinet/payments", "/cabinet/bills", "/cabinet/repair-fund", "/cabinet/notifications", "/cabinet/profile", "/outages" })
            await VisitAsync(consumer, host.Url + path, violations);
        // Charts are drawn (a blocked script would leave the canvas without a chart instance).
        await VisitAsync(consumer, $"{host.Url}/cabinet/accounts/{account}/meters", violations);
        Assert.True(await consumer.EvaluateAsync<bool>("[...document.querySelectorAll('canvas')].some(c => window.Chart && Chart.getChart(c))"), "the meters page draws its charts");

        var inspector = await PageAsync(browser, console);
        await SignInAsync(inspector, host.Url, "/office/sign-in", "inspector", "inspector-demo");
        await VisitAsync(inspector, $"{host.Url}/office/metering/round?building={building}", violations);
        await inspector.ClickAsync("button[data-print]");
        Assert.True(await inspector.EvaluateAsync<bool>("window.__printed === true"), "the print button calls window.print");

        var admin = await PageAsync(browser, console);
        await SignInAsync(admin, host.Url, "/office/sign-in", "admin", "admin-demo");
        foreach (var path in new[] { "/office", "/office/contracts", "/office/contracts/new", "/office/billing", "/office/billing/payments", "/office/billing/tariffs/new", "/office/notifications", "/office/repair-fund", "/office/settings", "/office/staff" })
            await VisitAsync(admin, host.Url + path, violations);

        var kiosk = await PageAsync(browser, console);
        await kiosk.GotoAsync($"{host.Url}/kiosk/pair?token=demo-kiosk");
        await kiosk.ClickAsync("text=Открыть киоск");
        await kiosk.WaitForURLAsync($"{host.Url}/kiosk");
        await VisitAsync(kiosk, $"{host.Url}/kiosk", violations);

        Assert.True(violations.Count == 0 && console.Count == 0, string.Join("\n", violations.Concat(console)));
    }
}
