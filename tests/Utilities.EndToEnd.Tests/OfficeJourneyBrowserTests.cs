using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Utilities.EndToEnd.Tests;

/// <summary>
/// The host of the office journeys: billing charges 8 accounts per batch and waits 1.5 s after
/// each, so the demo's few dozen accounts take long enough for a person to watch the progress bar.
/// </summary>
public sealed class PacedBillingHost : RunningHost
{
    protected override IEnumerable<(string Name, string Value)> Settings =>
        [("Billing__BatchSize", "8"), ("Billing__PauseBetweenBatches", "00:00:01.5")];
}

/// <summary>
/// Issue 12, journeys in the back office: an operator concludes a contract and terminates it; an
/// inspector enters a round of readings for a building; an accountant runs billing and watches its
/// progress bar fill without reloading, then imports a bank's payment registry.
/// </summary>
public sealed partial class OfficeJourneyBrowserTests(PacedBillingHost host) : IClassFixture<PacedBillingHost>
{
    private static readonly CultureInfo Ru = new("ru-RU");

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(3)); // the demo centre is in Moscow time

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_operator_concludes_a_contract_for_a_new_consumer_and_then_terminates_it()
    {
        var address = await host.ScalarAsync<string>("select address from contracts.buildings order by id limit 1");
        var suffix = Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Journeys.NewPageAsync(browser);
        await Journeys.SignInStaffAsync(page, host.Url, "operator");

        await page.GotoAsync($"{host.Url}/office/contracts/new");
        await page.FillAsync("input[name='Form.FullName']", $"Журавлёва Ксения Игоревна {suffix}");
        await page.FillAsync("input[name='Form.Email']", $"e2e-{suffix}@example.ru");
        await page.FillAsync("input[name='Form.Phone']", $"+7 916 555-{suffix[..2]}-{suffix[2..]}");
        await page.FillAsync("input[name='Form.BuildingAddress']", address!);
        await page.FillAsync("input[name='Form.PremisesNumber']", $"E{suffix}");
        await page.FillAsync("input[name='Form.Area']", "45,6");
        await page.FillAsync("input[name='Form.Rooms']", "2");
        await page.FillAsync("input[name='Form.Residents']", "3");
        await page.CheckAsync("input[name='Form.Services'][value='electricity']");
        await page.CheckAsync("input[name='Form.Services'][value='cold-water']");
        await page.FillAsync("input[name='Form.StartsOn']", Iso(Today));
        await page.ClickAsync("#conclude button[type=submit]");

        await page.WaitForURLAsync(ConcludedCard());
        var contractId = long.Parse(ConcludedCard().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        var number = await host.ScalarAsync<string>($"select number from contracts.contracts where id = {contractId}");
        await Assertions.Expect(page.Locator("#card .notice")).ToContainTextAsync($"Договор {number} заключён");
        await Assertions.Expect(page.Locator("#card h1")).ToContainTextAsync(number!);
        Assert.Equal(2L, await host.ScalarAsync<long>($"select count(*) from contracts.personal_accounts where contract_id = {contractId} and closed_on is null"));
        await Artifacts.ScreenshotAsync(page, "Concluded");

        // The termination asks for confirmation (hx-confirm): the operator confirms.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var endsOn = Today.AddDays(14);
        await page.FillAsync("#card input[name=EndsOn]", Iso(endsOn));
        await page.FillAsync("#card input[name=Reason]", "Продажа квартиры");
        await page.ClickAsync("#card form[hx-post*='handler=Terminate'] button[type=submit]");

        await Assertions.Expect(page.Locator("#card .notice")).ToContainTextAsync("Договор расторгнут, лицевые счета закрыты");
        await Assertions.Expect(page.Locator("#card dl.facts .badge.bad")).ToContainTextAsync($"расторгнут с {endsOn.ToString("dd.MM.yyyy", Ru)}");
        Assert.Equal(0, await page.Locator("#card form[hx-post*='handler=Terminate']").CountAsync());
        Assert.Equal(2L, await host.ScalarAsync<long>($"select count(*) from contracts.personal_accounts where contract_id = {contractId} and closed_on = date '{Iso(endsOn)}'"));
        await Artifacts.ScreenshotAsync(page, "Terminated");
    }

    [Fact]
    public async Task An_inspector_enters_a_round_of_readings_for_a_building_and_sees_each_row_stored()
    {
        var building = await host.ScalarAsync<long>("""
            select p.building_id from metering.meters m join contracts.personal_accounts a on a.id = m.account_id
            join contracts.premises p on p.id = a.premises_id
            where m.removed_on is null and not m.is_automated group by p.building_id order by count(*) desc, p.building_id limit 1
            """);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Journeys.NewPageAsync(browser, 1400, 1000);
        await Journeys.SignInStaffAsync(page, host.Url, "inspector");

        await page.GotoAsync($"{host.Url}/office/metering/round");
        await page.SelectOptionAsync("select[name=building]", building.ToString(CultureInfo.InvariantCulture));
        await page.ClickAsync("form.search button[type=submit]");
        await page.WaitForSelectorAsync("#sheet table.round-sheet");

        // Each register read a little above its last reading, as the inspector finds it on the meter.
        var inputs = page.Locator("#sheet table.round-sheet input[name^='r']");
        var filled = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < await inputs.CountAsync(); i++)
        {
            var input = inputs.Nth(i);
            var last = (await input.EvaluateAsync<string>("el => el.closest('td').previousElementSibling.firstChild.textContent")).Trim();
            if (last == "—")
                continue;
            var value = decimal.Parse(last, NumberStyles.Number, Ru) + 3;
            await input.FillAsync(value.ToString("0.###", Ru));
            filled.Add((await input.GetAttributeAsync("name"))!.Split('_')[0]);
        }

        Assert.True(filled.Count >= 3, $"{filled.Count} meters with a last reading in building {building}");
        var before = await host.ScalarAsync<long>("select count(*) from metering.readings where source = 'inspector'");
        await page.ClickAsync("#sheet button[type=submit]");

        await Assertions.Expect(page.Locator("#sheet .notice[role=status]")).ToContainTextAsync("с ошибками: 0");
        await Assertions.Expect(page.Locator("#sheet .notice[role=status]")).ToContainTextAsync($"Сохранено: {filled.Count},");
        await Assertions.Expect(page.Locator("#sheet [data-outcome]")).ToHaveCountAsync(filled.Count);
        Assert.Equal(0, await page.Locator("#sheet [data-outcome=refused]").CountAsync());
        Assert.True(await host.ScalarAsync<long>("select count(*) from metering.readings where source = 'inspector'") > before);
        await Artifacts.ScreenshotAsync(page);
    }

    [Fact]
    public async Task An_accountant_runs_billing_and_watches_the_progress_bar_fill_without_a_reload()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Journeys.NewPageAsync(browser);
        await Journeys.SignInStaffAsync(page, host.Url, "accountant");

        await page.GotoAsync($"{host.Url}/office/billing/runs");
        await page.EvaluateAsync("window.__sameDocument = true");
        await page.FillAsync("input[name=Period]", "2026-10");
        await page.Locator("form:has(input[type=month][name=Period]) button[type=submit]").ClickAsync();

        // The bar as htmx refreshes the list every 2 s: its max is 1 until the run has counted its accounts.
        var bar = page.Locator("#runs progress");
        await Assertions.Expect(bar).ToBeVisibleAsync();
        var seen = new List<(double Value, double Max)>();
        while (seen.Count < 400)
        {
            var read = await page.EvaluateAsync<double[]>("() => { const p = document.querySelector('#runs progress'); return p ? [p.value, p.max] : []; }");
            if (read.Length == 0)
                break; // the run is over: the row shows no bar
            seen.Add((read[0], read[1]));
            await Task.Delay(300, TestContext.Current.CancellationToken);
        }

        var shown = string.Join(", ", seen.Distinct().Select(s => $"{s.Value}/{s.Max}"));
        Assert.Contains(seen, s => s.Max > 8 && s.Value > 0 && s.Value < s.Max); // part-way through more than one batch
        Assert.True(seen.Where(s => s.Max > 8).Select(s => s.Value).Distinct().Count() >= 2, $"the bar moved: {shown}");
        var row = page.Locator("#runs table.grid tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("завершён", new LocatorAssertionsToContainTextOptions { Timeout = 120_000 });
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "the page was reloaded");
        Assert.Equal("completed", await host.ScalarAsync<string>("select state from billing.runs where period = date '2026-10-01' order by id desc limit 1"));
        Assert.True(await host.ScalarAsync<long>("select count(*) from billing.charge_lines where period = date '2026-10-01'") > 0);
        await Artifacts.ScreenshotAsync(page);
    }

    [Fact]
    public async Task An_accountant_imports_a_bank_registry_and_sees_rows_posted_and_the_unmatched_one_listed()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var paidOn = Today.AddDays(-2).ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
        string Row(string reference, string amount) =>
            $"{paidOn};10:15:00;8626/0001;{Random.Shared.NextInt64(100_000_000_000, 999_999_999_999)};{reference};Иванов Сергей Петрович;;112026;{amount}";
        var file = string.Join("\r\n", Row("69НЗ000001", "1500,00"), Row("1000005", "250,50"), Row("99999999", "700,00"), "=3;2450,50") + "\r\n";
        var name = $"sber-{Guid.NewGuid():N}.txt";
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Journeys.NewPageAsync(browser);
        await Journeys.SignInStaffAsync(page, host.Url, "accountant");

        await page.GotoAsync($"{host.Url}/office/billing/registries");
        await page.SelectOptionAsync("select[name=Bank]", "sber");
        await page.SetInputFilesAsync("input[type=file][name=Upload]", new FilePayload { Name = name, MimeType = "text/plain", Buffer = Encoding.GetEncoding(1251).GetBytes(file) });
        await page.ClickAsync("form[enctype='multipart/form-data'] button[type=submit]");

        await page.WaitForURLAsync(RegistryPage());
        var id = long.Parse(RegistryPage().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator(".notice[role=status]")).ToContainTextAsync($"Реестр «{name}» принят: проведено 2 из 3 строк.");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("windows-1251");
        await Assertions.Expect(page.Locator("table.grid tbody")).ToContainTextAsync("99999999");
        Assert.Equal(2L, await host.ScalarAsync<long>($"select count(*) from billing.payments where registry_id = {id}"));
        Assert.Equal(1750.50m, await host.ScalarAsync<decimal>($"select sum(amount) from billing.payments where registry_id = {id}"));
        await Artifacts.ScreenshotAsync(page);
    }

    [GeneratedRegex(@"/office/contracts/(\d+)\?concluded=1$")]
    private static partial Regex ConcludedCard();

    [GeneratedRegex(@"/office/billing/registries/(\d+)")]
    private static partial Regex RegistryPage();
}
