using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Utilities.EndToEnd.Tests;

/// <summary>
/// A consumer's reading in a real browser (issue 5, "Done when"): in the cabinet and at the kiosk
/// they type a reading, see the implied consumption appear as they type (htmx), submit it, and see
/// it in the last readings and on the chart (canvas drawn, data table row).
/// </summary>
public sealed partial class ConsumerReadingsBrowserTests(RunningHost host) : IClassFixture<RunningHost>
{
    /// <summary>A cold-water meter on the consumer's cold-water account, last read (118 m³) two months ago.</summary>
    private async Task<(long MeterId, long AccountId)> NewWaterMeterAsync(string contract)
    {
        var accountId = await host.ScalarAsync<long>("""
            select a.id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            where c.number = @c and a.utility = 'cold-water' and a.closed_on is null order by a.id limit 1
            """, ("c", contract));
        var meterId = await host.ScalarAsync<long>($"""
            insert into metering.meters (account_id, utility, serial, registers, digit_capacity, is_automated, installed_on, verified_until)
            values ({accountId}, 'cold-water', 'E2E-{Guid.NewGuid():N}', array['total'], 5, false, current_date - 400, date '2031-06-30') returning id
            """);
        await host.ExecuteAsync($"""
            insert into metering.readings (meter_id, register, taken_at, value, source, kind, period, status, submitted_at, submitted_by)
            values ({meterId}, 'total', date_trunc('month', current_date - interval '2 months') + interval '9 days 12 hours', 118,
                    'inspector', 'regular', date_trunc('month', current_date - interval '2 months')::date, 'confirmed', now(), 'inspector')
            """);
        return (meterId, accountId);
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser, int width, int height)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        // The browser tests run beside the host tests (billing runs, hosts started as processes) on two cores:
        // a navigation can take longer than Playwright's 30 s default without anything being wrong.
        page.SetDefaultNavigationTimeout(90_000);
        page.SetDefaultTimeout(60_000);
        return page;
    }

    /// <summary>The reading shows in the last readings, and the chart is drawn with the period's consumption in its table.</summary>
    private static async Task AssertOnMetersPageAsync(IPage page, long meterId, string value, string volume)
    {
        var readings = page.Locator($"section[aria-labelledby='meter-{meterId}'] table.readings");
        await Assertions.Expect(readings).ToContainTextAsync(value);
        await Assertions.Expect(readings).ToContainTextAsync("потребитель");
        var canvas = page.Locator("canvas[data-chart^='monthly-']");
        await Assertions.Expect(canvas).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => window.Chart && Chart.getChart(document.querySelector(\"canvas[data-chart^='monthly-']\"))");
        var box = await canvas.BoundingBoxAsync();
        Assert.True(box is { Width: > 100, Height: > 100 }, $"chart {box?.Width}×{box?.Height}");
        // The deadline-day rule (25th): after it, today's reading counts for next month.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(3));
        var period = new DateOnly(today.Year, today.Month, 1).AddMonths(today.Day > 25 ? 1 : 0);
        var ru = new System.Globalization.CultureInfo("ru-RU");
        var name = period.ToString("MMMM yyyy", ru);
        var row = page.Locator(".chart-table tr").Filter(new LocatorFilterOptions { Has = page.Locator($"th:text-is('{char.ToUpper(name[0], ru)}{name[1..]}')") });
        await Assertions.Expect(row.Locator("td").First).ToHaveTextAsync(volume);
    }

    [Fact]
    public async Task A_consumer_submits_a_reading_in_the_cabinet_and_sees_it_on_the_chart()
    {
        var (meterId, accountId) = await NewWaterMeterAsync("Д-2024/0001");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await NewPageAsync(browser, 1280, 1000);

        await page.GotoAsync($"{host.Url}/sign-in");
        await page.FillAsync("#login", "ivanov.sp@example.ru");
        await page.FillAsync("#password", "cabinet-demo");
        await page.ClickAsync("form button[type=submit].primary");
        await page.WaitForURLAsync($"{host.Url}/cabinet");

        await page.ClickAsync($".last-readings a[href='/cabinet/accounts/{accountId}/meters/{meterId}/reading']");
        await page.WaitForURLAsync($"{host.Url}/cabinet/accounts/{accountId}/meters/{meterId}/reading");
        await Assertions.Expect(page.Locator("#last-total")).ToContainTextAsync("Предыдущее: 118 м³");
        await page.Locator("#value-total").PressSequentiallyAsync("124,5");
        await Assertions.Expect(page.Locator("#check-total")).ToContainTextAsync("Расход: 6,5 м³");
        await page.ClickAsync(".reading-form button[type=submit]");
        await Assertions.Expect(page.Locator(".outcome")).ToContainTextAsync("Показания приняты и подтверждены");

        await page.GotoAsync($"{host.Url}/cabinet/accounts/{accountId}/meters");
        await AssertOnMetersPageAsync(page, meterId, "124,5", "6,5");
        await Artifacts.ScreenshotAsync(page);
    }

    [Fact]
    public async Task A_consumer_submits_a_reading_at_the_kiosk_on_the_keypad_and_sees_it_on_the_chart()
    {
        var (meterId, accountId) = await NewWaterMeterAsync("Д-2024/0002");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await NewPageAsync(browser, 1080, 1920);

        await page.GotoAsync($"{host.Url}/kiosk/pair?token=demo-kiosk");
        await page.ClickAsync("text=Открыть киоск");
        await page.WaitForURLAsync($"{host.Url}/kiosk");
        foreach (var c in "Д-2024/0002")
            await page.ClickAsync($".keypad [data-key='{c}']");
        await page.ClickAsync(".kiosk-form button[type=submit]");
        await page.WaitForSelectorAsync("#code");
        var body = await host.ScalarAsync<string>("select body from notifications.sent_messages where channel = 'sms' order by id desc limit 1");
        foreach (var c in SixDigits().Match(body!).Value)
            await page.ClickAsync($".keypad [data-key='{c}']");
        await page.ClickAsync(".kiosk-form button[type=submit]");
        await page.WaitForURLAsync($"{host.Url}/kiosk/session");

        await page.ClickAsync($".last-readings a[href='/kiosk/session/accounts/{accountId}/meters/{meterId}/reading']");
        await page.WaitForURLAsync($"{host.Url}/kiosk/session/accounts/{accountId}/meters/{meterId}/reading");
        foreach (var key in await page.QuerySelectorAllAsync(".keypad .key"))
        {
            var box = await key.BoundingBoxAsync();
            Assert.True(box is { Width: >= 48, Height: >= 48 }, $"touch target {box?.Width}×{box?.Height} px");
        }

        await page.ClickAsync("#value-total");
        foreach (var c in "125")
            await page.ClickAsync($".keypad [data-key='{c}']");
        Assert.Equal("125", await page.InputValueAsync("#value-total"));
        await Assertions.Expect(page.Locator("#check-total")).ToContainTextAsync("Расход: 7 м³");
        await page.ClickAsync(".reading-form button[type=submit]");
        await Assertions.Expect(page.Locator(".outcome")).ToContainTextAsync("Показания приняты и подтверждены");

        await page.GotoAsync($"{host.Url}/kiosk/session/accounts/{accountId}/meters");
        await AssertOnMetersPageAsync(page, meterId, "125", "7");
        await Artifacts.ScreenshotAsync(page);
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
