using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Utilities.EndToEnd.Tests;

/// <summary>
/// The kiosk in a real browser: the demo terminal is paired with its link, a consumer types the
/// contract number and the SMS code on the on-screen keypad, sees their accounts, and the
/// session ends on screen after the idle time the centre sets (30 s here, the setting's minimum).
/// </summary>
public sealed partial class KioskBrowserTests(RunningHost host) : IClassFixture<RunningHost>
{
    private const int IdleSeconds = 30;

    private static async Task TypeOnKeypadAsync(IPage page, string text)
    {
        foreach (var c in text)
            await page.ClickAsync($".keypad [data-key='{c}']");
    }

    [Fact]
    public async Task A_consumer_signs_in_on_the_keypad_and_the_session_ends_after_inactivity()
    {
        await host.ExecuteAsync($"""
            insert into platform.setting_values (key, valid_from, value, changed_by, changed_at)
            values ('Kiosk.InactivitySeconds', date '2000-01-01', '{IdleSeconds}', 'test', now())
            """);
        await Task.Delay(TimeSpan.FromSeconds(11), TestContext.Current.CancellationToken); // the host reads settings through a 10-second snapshot
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1080, Height = 1920 } });
        // Beside the host tests on two cores a navigation can take longer than Playwright's 30 s.
        page.SetDefaultNavigationTimeout(90_000);
        page.SetDefaultTimeout(60_000);

        var refused = await page.GotoAsync($"{host.Url}/kiosk");
        Assert.Equal(403, refused!.Status); // not a terminal yet

        await page.GotoAsync($"{host.Url}/kiosk/pair?token=demo-kiosk");
        await page.ClickAsync("text=Открыть киоск");
        await page.WaitForURLAsync($"{host.Url}/kiosk");

        foreach (var key in await page.QuerySelectorAllAsync(".keypad .key"))
        {
            var box = await key.BoundingBoxAsync();
            Assert.True(box is { Width: >= 48, Height: >= 48 }, $"touch target {box?.Width}×{box?.Height} px");
        }

        await TypeOnKeypadAsync(page, "Д-2024/0002");
        Assert.Equal("Д-2024/0002", await page.InputValueAsync("#login"));
        await page.ClickAsync(".kiosk-form button[type=submit]");
        await page.WaitForSelectorAsync("#code");
        var body = await host.ScalarAsync<string>("select body from notifications.sent_messages where channel = 'sms' order by id desc limit 1");
        var code = SixDigits().Match(body!).Value;
        await TypeOnKeypadAsync(page, code);
        await page.ClickAsync(".kiosk-form button[type=submit]");

        await page.WaitForURLAsync($"{host.Url}/kiosk/session");
        Assert.Contains("Петрова Мария Ивановна", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        var signedInAt = DateTime.UtcNow;
        await Artifacts.ScreenshotAsync(page, "Signed_in");

        // Nobody touches the screen: the page itself ends the session and returns to the start screen.
        await page.WaitForURLAsync(url => url.StartsWith($"{host.Url}/kiosk", StringComparison.Ordinal) && !url.Contains("/kiosk/session", StringComparison.Ordinal)
                                          || url.Contains("ReturnUrl", StringComparison.Ordinal),
            new PageWaitForURLOptions { Timeout = (IdleSeconds + 20) * 1000 });
        var after = DateTime.UtcNow - signedInAt;
        Assert.True(after >= TimeSpan.FromSeconds(IdleSeconds - 1), $"ended after {after}");
        Assert.DoesNotContain("Петрова", await page.ContentAsync(), StringComparison.Ordinal);

        await page.GotoAsync($"{host.Url}/kiosk/session");
        Assert.Equal($"{host.Url}/kiosk", page.Url.Split('?')[0]); // the server refuses the ended session too
        Assert.Equal(1, await page.Locator("#login").CountAsync()); // the start screen for the next person
        await Artifacts.ScreenshotAsync(page);
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
