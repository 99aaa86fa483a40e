using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Utilities.EndToEnd.Tests;

/// <summary>
/// Issue 12, accessibility: axe-core finds no serious or critical violation on the sign-in pages
/// and on every page reachable from the menu of each shell (cabinet, back office, kiosk), signed
/// in. The kiosk has no menu: its pages are the ones its session screen links to.
/// </summary>
public sealed partial class AccessibilityTests(RunningHost host) : IClassFixture<RunningHost>
{
    private async Task<(IPlaywright, IBrowser, IBrowserContext, IPage)> OpenAsync(int width, int height)
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        // axe is injected as a script tag: a Content-Security-Policy with script-src 'self' would refuse it.
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.SetDefaultNavigationTimeout(90_000);
        page.SetDefaultTimeout(60_000);
        return (playwright, browser, context, page);
    }

    /// <summary>
    /// Visits each page, lets htmx finish what it loads on its own, runs axe; then the pages those
    /// link to from their content, one of each shape (/office/contracts/17 stands for every card),
    /// HTML only (no PDF or CSV). Fails once with every page's findings.
    /// </summary>
    private async Task AssertNoSeriousViolationsAsync(IPage page, IReadOnlyList<string> menu, string shell)
    {
        var findings = new List<string>();
        var shapes = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<(string Path, int Depth)>(menu.Distinct().Select(p => (p, 0)));
        foreach (var path in menu)
            shapes.Add(Shape(path));
        var visited = new List<string>();
        while (queue.TryDequeue(out var next))
        {
            var response = await page.GotoAsync(host.Url + next.Path);
            Assert.True(response is { Ok: true }, $"{next.Path}: {response?.Status}");
            if (!(response!.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html", StringComparison.Ordinal)))
                continue;
            await page.WaitForFunctionAsync("() => !document.querySelector('.htmx-request')");
            var violations = await Axe.SeriousViolationsAsync(page);
            if (violations.Count > 0)
                findings.Add(Axe.Describe(next.Path, violations));
            visited.Add(next.Path);
            if (next.Depth > 0)
                continue;
            var links = await page.Locator("main a[href^='/']").EvaluateAllAsync<string[]>("els => els.map(a => a.getAttribute('href'))");
            foreach (var link in links.Where(l => !l.Contains("/pdf", StringComparison.OrdinalIgnoreCase) && !l.Contains("sign-out", StringComparison.Ordinal) && !l.Contains("handler=", StringComparison.Ordinal)))
            {
                if (shapes.Add(Shape(link)))
                    queue.Enqueue((link, 1));
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{shell}: axe ran on {visited.Count} pages: {string.Join(" ", visited)}");
        Assert.True(visited.Count >= menu.Count, $"{shell}: {visited.Count} page(s) crawled of {menu.Count} in the menu");
        await Artifacts.ScreenshotAsync(page, shell);
        Assert.True(findings.Count == 0, $"{shell}: serious or critical accessibility violations on {findings.Count} of {visited.Count} pages:{Environment.NewLine}{string.Join(Environment.NewLine, findings)}");
    }

    /// <summary>A path with its numbers and query taken out: the pages of one kind.</summary>
    private static string Shape(string path) => Digits().Replace(path.Split('?', '#')[0], "#");

    private static async Task<string[]> MenuLinksAsync(IPage page)
    {
        var links = await page.Locator("header nav a[href^='/']").EvaluateAllAsync<string[]>("els => els.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(links);
        return links;
    }

    /// <summary>The gate can fail: a nameless button and an image without text are what axe calls critical.</summary>
    [Fact]
    public async Task The_check_reports_a_nameless_button_and_an_image_without_alternative_text()
    {
        var (playwright, browser, context, page) = await OpenAsync(800, 600);
        using var _ = playwright;
        await using var __ = browser;
        await using var ___ = context;

        await page.GotoAsync($"{host.Url}/sign-in");
        await page.EvaluateAsync("""
            () => { const b = document.createElement('button'); b.id = 'canary-button'; document.querySelector('main').append(b);
                    const i = document.createElement('img'); i.id = 'canary-image'; i.src = '/favicon.ico'; document.querySelector('main').append(i); }
            """);

        var violations = await Axe.SeriousViolationsAsync(page);

        var described = Axe.Describe("/sign-in", violations);
        Assert.Contains(violations, v => v.Id == "button-name" && v.Targets.Contains("#canary-button"));
        Assert.Contains(violations, v => v.Id == "image-alt" && v.Targets.Contains("#canary-image"));
        Assert.Contains("button-name", described, StringComparison.Ordinal);
        Assert.Contains("#canary-image", described, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_cabinet_page_in_the_menu_has_no_serious_accessibility_violation()
    {
        var (playwright, browser, context, page) = await OpenAsync(1280, 1000);
        using var _ = playwright;
        await using var __ = browser;
        await using var ___ = context;

        await page.GotoAsync($"{host.Url}/sign-in");
        var signIn = await Axe.SeriousViolationsAsync(page);
        await page.FillAsync("#login", "ivanov.sp@example.ru");
        await page.FillAsync("#password", "cabinet-demo");
        await page.ClickAsync("form button[type=submit].primary");
        await page.WaitForURLAsync($"{host.Url}/cabinet");

        var links = await MenuLinksAsync(page);
        Assert.True(signIn.Count == 0, Axe.Describe("/sign-in", signIn));
        await AssertNoSeriousViolationsAsync(page, ["/cabinet", .. links, "/cabinet/access", "/cabinet/profile"], "cabinet");
    }

    [Fact]
    public async Task Every_back_office_page_in_the_menu_has_no_serious_accessibility_violation()
    {
        var (playwright, browser, context, page) = await OpenAsync(1280, 1000);
        using var _ = playwright;
        await using var __ = browser;
        await using var ___ = context;

        await page.GotoAsync($"{host.Url}/office/sign-in");
        var signIn = await Axe.SeriousViolationsAsync(page);
        // The administrator holds every office role but the inspector's; the round sheet and queue are open to administrators too.
        await page.FillAsync("#login", "admin");
        await page.FillAsync("#password", "admin-demo");
        await page.ClickAsync("form button[type=submit].primary");
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));

        var links = await MenuLinksAsync(page);
        Assert.True(links.Length >= 10, $"the administrator's menu: {string.Join(", ", links)}");
        Assert.True(signIn.Count == 0, Axe.Describe("/office/sign-in", signIn));
        await AssertNoSeriousViolationsAsync(page, ["/office", .. links], "office");
    }

    [Fact]
    public async Task Every_kiosk_page_of_a_session_has_no_serious_accessibility_violation()
    {
        var (playwright, browser, context, page) = await OpenAsync(1080, 1920);
        using var _ = playwright;
        await using var __ = browser;
        await using var ___ = context;

        await page.GotoAsync($"{host.Url}/kiosk/pair?token=demo-kiosk");
        var pair = await Axe.SeriousViolationsAsync(page);
        await page.ClickAsync("text=Открыть киоск");
        await page.WaitForURLAsync($"{host.Url}/kiosk");
        var start = await Axe.SeriousViolationsAsync(page);
        foreach (var c in "Д-2024/0002")
            await page.ClickAsync($".keypad [data-key='{c}']");
        await page.ClickAsync(".kiosk-form button[type=submit]");
        await page.WaitForSelectorAsync("#code");
        var codeStep = await Axe.SeriousViolationsAsync(page);
        var body = await host.ScalarAsync<string>("select body from notifications.sent_messages where channel = 'sms' order by id desc limit 1");
        foreach (var c in SixDigits().Match(body!).Value)
            await page.ClickAsync($".keypad [data-key='{c}']");
        await page.ClickAsync(".kiosk-form button[type=submit]");
        await page.WaitForURLAsync($"{host.Url}/kiosk/session");

        var links = await page.Locator("main a[href^='/kiosk/session']").EvaluateAllAsync<string[]>("els => els.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(links);
        Assert.True(pair.Count + start.Count + codeStep.Count == 0,
            string.Join(Environment.NewLine, Axe.Describe("/kiosk/pair", pair), Axe.Describe("/kiosk", start), Axe.Describe("/kiosk (code)", codeStep)));
        await AssertNoSeriousViolationsAsync(page, ["/kiosk/session", .. links], "kiosk");
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
