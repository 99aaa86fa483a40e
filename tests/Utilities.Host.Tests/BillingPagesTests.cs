using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// The billing pages over HTTP against PostgreSQL with the demo data: the office's runs page (start
/// in the background, progress, refusals, close), an account's charges, and the consumer's bills
/// (list, bill page with its explanation, another's bill, the PDF without a renderer, the widget).
/// The clock is real: November 2026 is a past period, billed once per class through IBillingRuns.
/// </summary>
public sealed class BillingPagesTests(HostFixture host) : IClassFixture<HostFixture>
{
    private const string RunsUrl = "/office/billing/runs";
    private const string Ivanov = "ivanov.sp@example.ru";
    private static readonly DateOnly November = new(2026, 11, 1);
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<HttpClient> StaffAsync(string login)
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync(login, login + "-demo");
        return browser;
    }

    private async Task<HttpClient> ConsumerAsync(string email)
    {
        var browser = host.Factory.CreateBrowser();
        var response = await browser.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = email, ["Password"] = "cabinet-demo" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private static Task<HttpResponseMessage> StartAsync(HttpClient browser, string period) =>
        browser.PostFormAsync(RunsUrl, RunsUrl + "?handler=Start", new Dictionary<string, string> { ["Period"] = period });

    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private async Task<long> RunsOfAsync(DateOnly period) =>
        await Db.ScalarAsync<long>("select count(*) from billing.runs where period = @p", ("p", period));

    /// <summary>Bills November once for the class (tests of a class run one after another).</summary>
    private async Task BillNovemberAsync()
    {
        if (await Db.ScalarAsync<long>("select count(*) from billing.bills where period = @p", ("p", November)) > 0)
            return;
        using var scope = host.Factory.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<IBillingRuns>().RunAsync(November, "test", null, Cancel);
        Assert.Null(result.Error);
        Assert.True(result.Bills > 0);
    }

    private const string PremisesOf = """
        select a.premises_id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
        join contracts.consumers p on p.id = c.consumer_id where p.email = @e
        union
        select a.premises_id from contracts.cabinet_attachments x join contracts.personal_accounts a on a.id = x.account_id
        join contracts.consumers p on p.id = x.consumer_id where p.email = @e and x.detached_at is null
        """;

    private async Task<long> OwnBillAsync(string email) =>
        await Db.ScalarAsync<long>($"select id from billing.bills where period = @p and premises_id in ({PremisesOf}) order by id limit 1", ("p", November), ("e", email));

    private async Task<long> OthersBillAsync(string email) =>
        await Db.ScalarAsync<long>($"select id from billing.bills where period = @p and premises_id not in ({PremisesOf}) order by id limit 1", ("p", November), ("e", email));

    private async Task WaitForRunAsync(DateOnly period)
    {
        var until = DateTime.UtcNow.AddMinutes(2);
        while (await Db.ScalarAsync<long>("select count(*) from billing.runs where period = @p and state = 'running'", ("p", period)) > 0)
        {
            Assert.True(DateTime.UtcNow < until, $"the run of {period:yyyy-MM} did not finish in 2 minutes");
            await Task.Delay(200, Cancel);
        }
    }

    [Fact]
    public async Task An_accountant_starts_a_run_from_the_form_it_runs_in_the_background_and_the_completed_period_can_be_closed()
    {
        var october = new DateOnly(2026, 10, 1);
        var browser = await StaffAsync("accountant");

        var started = await StartAsync(browser, "2026-10");

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal(1, await RunsOfAsync(october));
        var page = await TextAsync(await browser.GetAsync(RunsUrl, Cancel));
        Assert.Contains("Расчёт периода 10.2026 запущен.", page, StringComparison.Ordinal);
        Assert.Contains("<td>10.2026", page, StringComparison.Ordinal);
        var accountant = await Db.ScalarAsync<string>("select display_name from platform.staff_users where login = 'accountant'");
        Assert.Contains($"<td>{accountant}</td>", page, StringComparison.Ordinal);

        await WaitForRunAsync(october);
        Assert.Equal("completed", await Db.ScalarAsync<string>("select state from billing.runs where period = @p", ("p", october)));
        page = await TextAsync(await browser.GetAsync(RunsUrl, Cancel));
        Assert.Contains("завершён", page, StringComparison.Ordinal);
        Assert.Contains("Закрыть период", page, StringComparison.Ordinal);
        Assert.DoesNotContain("every 2s", page, StringComparison.Ordinal);

        var closed = await browser.PostFormAsync(RunsUrl, RunsUrl + "?handler=Close", new Dictionary<string, string> { ["Period"] = "2026-10" });
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal("closed", await Db.ScalarAsync<string>("select state from billing.periods where period = @p", ("p", october)));

        var again = await StartAsync(browser, "2026-10");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Период 10.2026 закрыт", await TextAsync(again), StringComparison.Ordinal);
        Assert.Equal(1, await RunsOfAsync(october));
    }

    [Fact]
    public async Task A_running_run_shows_a_progress_bar_that_refreshes_itself_by_htmx()
    {
        var june = new DateOnly(2026, 6, 1);
        await Db.ExecuteAsync("""
            insert into billing.runs (period, state, stage, started_at, started_by, lease_owner, lease_until, accounts_total, accounts_done)
            values (date '2026-06-01', 'running', 'charging', now(), 'elsewhere', 'another-host', now() + interval '1 hour', 40, 10)
            """);
        try
        {
            var browser = await StaffAsync("operator");

            var page = await browser.GetAsync(RunsUrl, Cancel);
            using var request = new HttpRequestMessage(HttpMethod.Get, RunsUrl);
            request.Headers.Add("HX-Request", "true");
            var fragment = await browser.SendAsync(request, Cancel);

            var html = await TextAsync(page);
            Assert.Contains("<progress max=\"40\" value=\"10\"", html, StringComparison.Ordinal);
            Assert.Contains("hx-trigger=\"every 2s\"", html, StringComparison.Ordinal);
            Assert.Contains("<html", html, StringComparison.Ordinal);
            var part = await TextAsync(fragment);
            Assert.Contains("<progress max=\"40\" value=\"10\"", part, StringComparison.Ordinal);
            Assert.DoesNotContain("<html", part, StringComparison.Ordinal);
            Assert.Contains("HX-Request", fragment.Headers.Vary);
        }
        finally
        {
            await Db.ExecuteAsync($"delete from billing.runs where period = date '{june:yyyy-MM-dd}'");
        }
    }

    [Fact]
    public async Task An_operator_sees_the_runs_but_may_not_start_one()
    {
        var browser = await StaffAsync("operator");

        var page = await TextAsync(await browser.GetAsync(RunsUrl, Cancel));
        var response = await StartAsync(browser, "2026-09");

        Assert.Contains("<h1>Расчёт начислений</h1>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Start", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"{RunsUrl}\" aria-current=\"page\">Расчёт</a>", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/office/billing\">Тарифы</a>", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/office/denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(0, await RunsOfAsync(new DateOnly(2026, 9, 1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ноябрь")]
    [InlineData("2026-13")]
    [InlineData("2026-11-01; drop table billing.runs")]
    public async Task A_garbled_period_is_refused_with_a_message_and_starts_nothing(string period)
    {
        var browser = await StaffAsync("accountant");
        var before = await Db.ScalarAsync<long>("select count(*) from billing.runs");

        var response = await StartAsync(browser, period);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Укажите период как месяц и год", await TextAsync(response), StringComparison.Ordinal);
        Assert.Equal(before, await Db.ScalarAsync<long>("select count(*) from billing.runs"));
    }

    [Fact]
    public async Task An_htmx_start_gets_the_list_fragment_with_the_message_and_one_without_the_token_is_refused()
    {
        var browser = await StaffAsync("accountant");
        var before = await Db.ScalarAsync<long>("select count(*) from billing.runs");

        var garbled = await browser.HtmxPostAsync(RunsUrl, RunsUrl + "?handler=Start", new Dictionary<string, string> { ["Period"] = "11/2026" });
        var tokenless = await browser.HtmxPostAsync(RunsUrl, RunsUrl + "?handler=Start", new Dictionary<string, string> { ["Period"] = "2026-07" }, withToken: false);

        var html = await TextAsync(garbled);
        Assert.Equal(HttpStatusCode.OK, garbled.StatusCode);
        Assert.Contains("<div id=\"runs\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", html, StringComparison.Ordinal);
        Assert.Contains("Укажите период как месяц и год", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tokenless.StatusCode);
        Assert.Equal(before, await Db.ScalarAsync<long>("select count(*) from billing.runs"));
    }

    [Fact]
    public async Task A_closed_or_future_period_is_refused_with_the_reason()
    {
        await Db.ExecuteAsync("insert into billing.periods (period, state, closed_at, closed_by) values (date '2026-08-01', 'closed', now(), 'test') on conflict do nothing");
        var browser = await StaffAsync("accountant");

        var closed = await StartAsync(browser, "2026-08");
        var future = await StartAsync(browser, "2027-01");

        Assert.Contains("Период 08.2026 закрыт: начисления заморожены", await TextAsync(closed), StringComparison.Ordinal);
        Assert.Contains("Период 01.2027 ещё не наступил", await TextAsync(future), StringComparison.Ordinal);
        Assert.Equal(0, await RunsOfAsync(new DateOnly(2026, 8, 1)));
        Assert.Equal(0, await RunsOfAsync(new DateOnly(2027, 1, 1)));
    }

    [Fact]
    public async Task The_search_box_leads_to_an_accounts_charges_with_their_explanation()
    {
        await BillNovemberAsync();
        var accountId = await Db.ScalarAsync<long>("select account_id from billing.charge_lines where period = @p order by id limit 1", ("p", November));
        var explanation = await Db.ScalarAsync<string>("select explanation_ru from billing.charge_lines where period = @p and account_id = @a order by id limit 1", ("p", November), ("a", accountId));
        var browser = await StaffAsync("operator");

        var search = await browser.GetAsync($"{RunsUrl}?handler=Account&account={accountId}", Cancel);
        var garbled = await TextAsync(await browser.GetAsync($"{RunsUrl}?handler=Account&account=abc", Cancel));
        var page = await browser.GetAsync(search.Headers.Location!.OriginalString, Cancel);

        Assert.Equal(HttpStatusCode.Redirect, search.StatusCode);
        Assert.Equal($"/office/billing/accounts/{accountId}", search.Headers.Location!.OriginalString);
        Assert.Contains("Введите id лицевого счёта", garbled, StringComparison.Ordinal);
        var html = await TextAsync(page);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Период 11.2026", html, StringComparison.Ordinal);
        Assert.Contains("начисление", html, StringComparison.Ordinal);
        Assert.Contains(explanation!, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consumer_sees_their_bills_and_a_bill_with_its_total_and_how_it_was_calculated()
    {
        await BillNovemberAsync();
        var billId = await OwnBillAsync(Ivanov);
        var total = await Db.ScalarAsync<decimal>($"select total_due from billing.bills where id = {billId}");
        var explanations = await Db.ColumnAsync($"""
            select explanation_ru from billing.charge_lines l join billing.bills b on b.premises_id = l.premises_id and b.period = l.period
            where b.id = {billId}
            """);
        // A price change already approved for the 1st of next month, on the tariff of the bill's electricity.
        var tariffId = await Db.ScalarAsync<long>($"""
            select l.tariff_id from billing.charge_lines l join billing.bills b on b.premises_id = l.premises_id and b.period = l.period
            where b.id = {billId} and l.utility = 'electricity' and l.component = 'T1' limit 1
            """);
        await Db.ExecuteAsync($"""
            insert into billing.tariff_versions (tariff_id, valid_from, component, price, unit)
            values ({tariffId}, date_trunc('month', current_date + interval '1 month')::date, 'T1', 8.01, 'кВт·ч')
            """);
        var browser = await ConsumerAsync(Ivanov);

        var list = await browser.GetAsync("/cabinet/bills", Cancel);
        var bill = await browser.GetAsync($"/cabinet/bills/{billId}", Cancel);
        var dashboard = await TextAsync(await browser.GetAsync("/cabinet", Cancel));

        var listHtml = await TextAsync(list);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains($"href=\"/cabinet/bills/{billId}\">11.2026</a>", listHtml, StringComparison.Ordinal);
        Assert.Contains(total.ToString("N2", Ru) + " ₽", listHtml, StringComparison.Ordinal);
        Assert.Contains("15.12.2026", listHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/cabinet/bills\" aria-current=\"page\"", listHtml, StringComparison.Ordinal);
        var html = await TextAsync(bill);
        Assert.Equal(HttpStatusCode.OK, bill.StatusCode);
        Assert.Contains($"<span class=\"total-due\">{total.ToString("N2", Ru)} ₽</span>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Как рассчитано</h2>", html, StringComparison.Ordinal);
        Assert.NotEmpty(explanations);
        Assert.All(explanations, e => Assert.Contains($"<li>{e}</li>", html, StringComparison.Ordinal));
        Assert.Contains("Ожидаемый следующий счёт (оценка, не начисление)", html, StringComparison.Ordinal);
        // The estimate comes with the amounts at the ends of the forecast's 80 % interval, around it.
        var interval = System.Text.RegularExpressions.Regex.Match(html, @"≈ ([\d\u00a0\u202f ]+,\d\d) ₽</span>\s*<span class=""interval"">\(80 %: от ([\d\u00a0\u202f ]+,\d\d) до ([\d\u00a0\u202f ]+,\d\d) ₽\)");
        Assert.True(interval.Success, "the expected bill with its interval");
        var (expected, low, high) = (decimal.Parse(interval.Groups[1].Value, NumberStyles.Number, Ru), decimal.Parse(interval.Groups[2].Value, NumberStyles.Number, Ru), decimal.Parse(interval.Groups[3].Value, NumberStyles.Number, Ru));
        Assert.True(low <= expected && expected <= high && low < high, $"{low} ≤ {expected} ≤ {high}");
        // Components and registers by the plugin's names, not their codes (T1 of the three-zone tariff is the peak).
        Assert.Contains("Действующие тарифы: Пик — 7,22 ₽/кВт·ч", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>total</td>", html, StringComparison.Ordinal);
        var nextMonth = await Db.ScalarAsync<DateOnly>("select date_trunc('month', current_date + interval '1 month')::date");
        Assert.Contains($"Утверждённые изменения: Пик — 8,01 ₽/кВт·ч (с {nextMonth:dd.MM.yyyy})", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/cabinet/bills/{billId}/pdf\">Скачать PDF</a>", html, StringComparison.Ordinal);
        Assert.Contains("Последние счета", dashboard, StringComparison.Ordinal);
        Assert.Contains($"href=\"/cabinet/bills/{billId}\"", dashboard, StringComparison.Ordinal);
        Assert.Contains("ул. Садовая, д. 12, кв. 3", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bills_outlook_names_the_service_and_its_unit_in_the_consumers_language()
    {
        await BillNovemberAsync();
        var billId = await OwnBillAsync(Ivanov);
        var browser = await ConsumerAsync(Ivanov);
        Assert.Contains("<section class=\"outlook\" aria-label=\"Электроснабжение,", await TextAsync(await browser.GetAsync($"/cabinet/bills/{billId}", Cancel)), StringComparison.Ordinal);

        // The language switch in the cabinet's header (a consumer's token: ADR 28).
        var switched = await browser.PostFormAsync($"/cabinet/bills/{billId}", "/culture", new Dictionary<string, string> { ["ui"] = "en", ["returnUrl"] = $"/cabinet/bills/{billId}" });
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var html = await TextAsync(await browser.GetAsync($"/cabinet/bills/{billId}", Cancel));
        // The bill itself is the issued document (Russian, as printed); the outlook below it is the live part of the page.
        var outlook = html[html.IndexOf("<h2>Tariffs and the next bill</h2>", StringComparison.Ordinal)..];
        Assert.Contains("<section class=\"outlook\" aria-label=\"Electricity,", outlook, StringComparison.Ordinal);
        Assert.Contains("kWh", outlook, StringComparison.Ordinal);
        Assert.DoesNotContain("Электроснабжение", outlook, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_consumers_bill_is_not_found_nor_its_pdf()
    {
        await BillNovemberAsync();
        var othersBill = await OthersBillAsync(Ivanov);
        Assert.NotEqual(0, othersBill);
        var browser = await ConsumerAsync(Ivanov);

        var page = await browser.GetAsync($"/cabinet/bills/{othersBill}", Cancel);
        var pdf = await browser.GetAsync($"/cabinet/bills/{othersBill}/pdf", Cancel);
        var missing = await browser.GetAsync("/cabinet/bills/999999999", Cancel);
        var list = await TextAsync(await browser.GetAsync("/cabinet/bills", Cancel));

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, pdf.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.DoesNotContain($"/cabinet/bills/{othersBill}\"", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_consumer_downloads_the_pdf_of_their_bill_with_its_number_and_total()
    {
        await BillNovemberAsync();
        var billId = await OwnBillAsync(Ivanov);
        var number = await host.Database.ScalarAsync<string>("select number from billing.bills where id = @b", ("b", billId));
        var total = await host.Database.ScalarAsync<decimal>("select total_due from billing.bills where id = @b", ("b", billId));
        var browser = await ConsumerAsync(Ivanov);

        var pdf = await browser.GetAsync($"/cabinet/bills/{billId}/pdf", Cancel);

        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync(Cancel);
        Assert.InRange(bytes.Length, 1, 100 * 1024);
        using var document = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var text = string.Join(" ", document.GetPages().Select(p => p.Text));
        Assert.Contains(number!, text, StringComparison.Ordinal);
        Assert.Contains(Utilities.Billing.Bills.Pdf.BillFormat.Money(Math.Max(total, 0m)), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bills_need_a_signed_in_consumer()
    {
        var response = await host.Factory.CreateBrowser().GetAsync("/cabinet/bills", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_accountant_creates_a_tariff_on_its_page_and_an_overlapping_one_gets_the_message()
    {
        const string page = "/office/billing/tariffs/new";
        // A supplier without a cold-water tariff yet (the demo one has an open-ended tariff: a new one would overlap it).
        var supplier = (await host.Database.ScalarAsync<long>(
            "select id from contracts.organisations o where kind = 'supplier' and not exists (select 1 from billing.tariffs t where t.supplier_id = o.id and t.utility = 'cold-water') order by id limit 1"))
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        var browser = await StaffAsync("accountant");
        var form = await browser.GetAsync(page + "?Shape=cold-water%7Cvolume", Cancel);
        Assert.Contains("name=\"Prices[T]\"", await TextAsync(form), StringComparison.Ordinal);
        Dictionary<string, string> Fields(string from, string to) => new()
        {
            ["Shape"] = "cold-water|volume", ["SupplierId"] = supplier, ["Name"] = "Холодная вода, 2030", ["ValidFrom"] = from, ["ValidTo"] = to, ["Prices[T]"] = "61,40",
        };

        var created = await browser.PostFormAsync(page, page, Fields("2030-01-01", "2030-12-31"));
        var overlapping = await browser.PostFormAsync(page, page, Fields("2030-06-01", ""));
        var operatorPost = await (await StaffAsync("operator")).PostFormAsync(page, page, Fields("2031-01-01", ""));

        Assert.True(created.StatusCode == HttpStatusCode.Redirect, System.Text.RegularExpressions.Regex.Match(await TextAsync(created), "role=\"alert\">[^<]*").Value);
        Assert.Equal(61.40m, await host.Database.ScalarAsync<decimal>(
            "select v.price from billing.tariff_versions v join billing.tariffs t on t.id = v.tariff_id where t.name = 'Холодная вода, 2030' and t.valid_to = '2030-12-31'"));
        Assert.Equal(HttpStatusCode.OK, overlapping.StatusCode);
        Assert.Contains("пересекаются", await TextAsync(overlapping), StringComparison.Ordinal);
        Assert.Contains("/office/denied", operatorPost.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("select count(*) from billing.tariffs where name = 'Холодная вода, 2030'"));
    }

    [Fact]
    public async Task An_operator_reprints_a_bill_from_the_accounts_page_exactly_as_issued()
    {
        await BillNovemberAsync();
        var billId = await OwnBillAsync(Ivanov);
        var account = await host.Database.ScalarAsync<long>(
            "select l.account_id from billing.charge_lines l join billing.bills b on b.premises_id = l.premises_id and b.period = l.period where b.id = @b limit 1", ("b", billId));
        var number = await host.Database.ScalarAsync<string>("select number from billing.bills where id = @b", ("b", billId));
        var browser = await StaffAsync("operator");

        var page = await TextAsync(await browser.GetAsync($"/office/billing/accounts/{account}", Cancel));
        var pdf = await browser.GetAsync($"/office/billing/bills/{billId}/pdf", Cancel);
        var consumer = await (await ConsumerAsync(Ivanov)).GetAsync($"/office/billing/bills/{billId}/pdf", Cancel);

        Assert.Contains($"href=\"/office/billing/bills/{billId}/pdf\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        using var document = UglyToad.PdfPig.PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Contains(number!, string.Join(" ", document.GetPages().Select(p => p.Text)), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, consumer.StatusCode);
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("select count(*) from platform.audit_log where action = 'billing.bill-reprinted' and subject = @s", ("s", $"bill:{billId}")));
    }

    [Fact]
    public async Task An_operator_registers_a_temporary_absence_of_more_than_5_days_and_a_billed_period_gets_a_recalculation_request()
    {
        await BillNovemberAsync();
        var account = await host.Database.ScalarAsync<long>("select account_id from billing.charge_lines where period = '2026-11-01' and utility = 'cold-water' order by account_id limit 1");
        var page = $"/office/billing/accounts/{account}";
        var post = page + "?handler=Absence";
        var browser = await StaffAsync("operator");
        Dictionary<string, string> Fields(string from, string to, string persons) => new() { ["AbsentFrom"] = from, ["AbsentTo"] = to, ["AbsentPersons"] = persons };

        var fiveDays = await TextAsync(await browser.PostFormAsync(page, post, Fields("2026-11-10", "2026-11-14", "1")));
        var tooMany = await TextAsync(await browser.PostFormAsync(page, post, Fields("2026-11-10", "2026-11-25", "40")));
        var good = await TextAsync(await browser.PostFormAsync(page, post, Fields("2026-11-10", "2026-11-25", "1")));

        Assert.Contains("более 5", fiveDays, StringComparison.Ordinal);
        Assert.Contains("Отсутствующих может быть от 1 до", tooMany, StringComparison.Ordinal);
        Assert.Contains("Отсутствие зарегистрировано", good, StringComparison.Ordinal);
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("select count(*) from billing.absences where account_id = @a", ("a", account)));
        Assert.Equal(1L, await host.Database.ScalarAsync<long>(
            "select count(*) from billing.recalculations where account_id = @a and for_period = '2026-11-01' and reason_code = 'absence' and done_run_id is null", ("a", account)));
    }
}
