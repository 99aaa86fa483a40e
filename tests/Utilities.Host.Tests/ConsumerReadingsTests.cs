using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// Consumer views of issue 5 over HTTP against PostgreSQL: the meters page with last readings,
/// source and status; a consumer's reading submitted in the cabinet and at the kiosk (the htmx
/// preview, the 10-day rule, bad input, identity); the consumption chart's data table.
/// </summary>
public sealed partial class ConsumerReadingsTests(HostFixture host) : IClassFixture<HostFixture>
{
    private const string Password = "cabinet-demo";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = host.Factory.CreateBrowser();
        var response = await browser.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private async Task<long> ConsumerIdAsync(string email) =>
        await Db.ScalarAsync<long>("select id from contracts.consumers where email = @e", ("e", email));

    /// <summary>
    /// A cold-water meter (5 digits) put on the consumer's cold-water account, with four months of an
    /// inspector's readings 6 m³ apart (100 … 118, the last two months ago): history enough for the
    /// plugin's spike check, and old enough that any date in the last 11 days comes after it.
    /// </summary>
    private async Task<(long MeterId, long AccountId, string Serial)> NewWaterMeterAsync(string email)
    {
        var accountId = await Db.ScalarAsync<long>("""
            select a.id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            join contracts.consumers p on p.id = c.consumer_id
            where p.email = @e and a.utility = 'cold-water' and a.closed_on is null order by a.id limit 1
            """, ("e", email));
        var serial = "T-" + Guid.NewGuid().ToString("N")[..10];
        var meterId = await Db.ScalarAsync<long>($"""
            insert into metering.meters (account_id, utility, serial, registers, digit_capacity, is_automated, installed_on, verified_until)
            values ({accountId}, 'cold-water', '{serial}', array['total'], 5, false, current_date - 400, date '2031-06-30') returning id
            """);
        for (var monthsAgo = 5; monthsAgo >= 2; monthsAgo--)
        {
            await Db.ExecuteAsync($"""
                insert into metering.readings (meter_id, register, taken_at, value, source, kind, period, status, submitted_at, submitted_by)
                values ({meterId}, 'total', date_trunc('month', current_date - interval '{monthsAgo} months') + interval '9 days 12 hours',
                        {100 + ((5 - monthsAgo) * 6)}, 'inspector', 'regular', date_trunc('month', current_date - interval '{monthsAgo} months')::date,
                        'confirmed', now(), 'inspector')
                """);
        }

        return (meterId, accountId, serial);
    }

    private static string ReadingUrl(long accountId, long meterId, string shell = "/cabinet") => $"{shell}/accounts/{accountId}/meters/{meterId}/reading";

    /// <summary>The organisation's today, as the form offers it by default.</summary>
    private async Task<DateOnly> TodayOnFormAsync(HttpClient browser, string url)
    {
        var html = await browser.GetStringAsync(url, Cancel);
        return DateOnly.ParseExact(TakenOnValue().Match(html).Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, string> Reading(DateOnly takenOn, string value) =>
        new() { ["TakenOn"] = takenOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["Values[total]"] = value };

    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private async Task<long> ReadingsOfAsync(long meterId) =>
        await Db.ScalarAsync<long>($"select count(*) from metering.readings where meter_id = {meterId}");

    [Fact]
    public async Task A_consumer_sees_the_implied_consumption_as_they_type_and_a_plausible_reading_is_stored_as_theirs_and_confirmed()
    {
        const string email = "vasilieva.es@example.ru";
        var (meterId, accountId, serial) = await NewWaterMeterAsync(email);
        var browser = await SignedInAsync(email);
        var url = ReadingUrl(accountId, meterId);
        var today = await TodayOnFormAsync(browser, url);
        var form = WebUtility.HtmlDecode(await browser.GetStringAsync(url, Cancel));
        Assert.Contains("Предыдущее: 118 м³", form, StringComparison.Ordinal);
        Assert.Contains("inputmode=\"decimal\"", form, StringComparison.Ordinal);
        Assert.Contains("hx-trigger=\"input changed delay:300ms\"", form, StringComparison.Ordinal);

        var preview = await browser.HtmxPostAsync(url, url + "?handler=Preview", Reading(today, "124,5"));
        var previewHtml = await TextAsync(preview);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("Расход: 6,5 м³", previewHtml, StringComparison.Ordinal);
        Assert.Contains("hx-swap-oob=\"true\"", previewHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", previewHtml, StringComparison.Ordinal);
        Assert.Equal(4L, await ReadingsOfAsync(meterId)); // a preview stores nothing
        var withoutToken = await browser.HtmxPostAsync(url, url + "?handler=Preview", Reading(today, "124,5"), withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);

        var submitted = await TextAsync(await browser.PostFormAsync(url, url, Reading(today, "124,5")));
        Assert.Contains("Показания приняты и подтверждены", submitted, StringComparison.Ordinal);
        var consumerId = await ConsumerIdAsync(email);
        Assert.Equal($"consumer/confirmed/consumer:{consumerId}/124.500000", await Db.ScalarAsync<string>(
            $"select source || '/' || status || '/' || submitted_by || '/' || value from metering.readings where meter_id = {meterId} and source = 'consumer'"));
        // The deadline-day rule (25th by default) names the period the reading counts for.
        var period = today.Day <= 25 ? new DateOnly(today.Year, today.Month, 1) : new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        Assert.Contains("учтены в расчёте за " + period.ToString("MMMM yyyy", new CultureInfo("ru-RU")), submitted, StringComparison.Ordinal);

        var meters = WebUtility.HtmlDecode(await browser.GetStringAsync($"/cabinet/accounts/{accountId}/meters", Cancel));
        Assert.Contains(serial, meters, StringComparison.Ordinal);
        Assert.Matches(@"124,5</td>\s*<td>потребитель</td>\s*<td>\s*<span class=""badge ok"">подтверждено", meters);
        Assert.Matches(@"118</td>\s*<td>контролёр</td>", meters);
        var dashboard = await browser.GetStringAsync("/cabinet", Cancel);
        Assert.Contains($"href=\"/cabinet/accounts/{accountId}/meters\"", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_implausible_consumer_reading_is_accepted_as_pending_with_an_inspection_task_and_the_consumer_sees_until_when()
    {
        const string email = "fedorov.ni@example.ru";
        var (meterId, accountId, _) = await NewWaterMeterAsync(email);
        var browser = await SignedInAsync(email);
        var url = ReadingUrl(accountId, meterId);
        var today = await TodayOnFormAsync(browser, url);

        var preview = await TextAsync(await browser.HtmxPostAsync(url, url + "?handler=Preview", Reading(today, "418")));
        Assert.Contains("Расход необычный", preview, StringComparison.Ordinal);
        var submitted = await TextAsync(await browser.PostFormAsync(url, url, Reading(today, "418")));

        // Confirmation term: 30 days by default (MeteringSettings.ConfirmationDays).
        var confirmBy = today.AddDays(30).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        Assert.Contains($"Показания приняты и ожидают проверки до {confirmBy}", submitted, StringComparison.Ordinal);
        Assert.Equal("pending", await Db.ScalarAsync<string>($"select status from metering.readings where meter_id = {meterId} and source = 'consumer'"));
        Assert.Equal(1L, await Db.ScalarAsync<long>($"select count(*) from metering.inspection_tasks where meter_id = {meterId}"));
        var meters = WebUtility.HtmlDecode(await browser.GetStringAsync($"/cabinet/accounts/{accountId}/meters", Cancel));
        Assert.Contains($"ожидает проверки до {confirmBy}", meters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_day_rule_a_reading_taken_11_days_ago_is_refused_and_one_taken_10_days_ago_is_accepted()
    {
        const string email = "volkov.ao@example.ru";
        var (meterId, accountId, _) = await NewWaterMeterAsync(email);
        var browser = await SignedInAsync(email);
        var url = ReadingUrl(accountId, meterId);
        var today = await TodayOnFormAsync(browser, url);

        var preview = await TextAsync(await browser.HtmxPostAsync(url, url + "?handler=Preview", Reading(today.AddDays(-11), "121")));
        Assert.Contains("Показания принимаются не позднее 10 дней после снятия", preview, StringComparison.Ordinal);
        var old = await browser.PostFormAsync(url, url, Reading(today.AddDays(-11), "121"));
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Contains("Показания принимаются не позднее 10 дней после снятия", await TextAsync(old), StringComparison.Ordinal);
        Assert.Equal(4L, await ReadingsOfAsync(meterId));

        var fresh = await TextAsync(await browser.PostFormAsync(url, url, Reading(today.AddDays(-10), "121")));
        Assert.Contains("Показания приняты", fresh, StringComparison.Ordinal);
        Assert.Equal(5L, await ReadingsOfAsync(meterId));

        var future = await TextAsync(await browser.PostFormAsync(url, url, Reading(today.AddDays(1), "122")));
        Assert.Contains("Дата снятия показания ещё не наступила", future, StringComparison.Ordinal);
        Assert.Equal(5L, await ReadingsOfAsync(meterId));
    }

    [Theory]
    [InlineData("12а4", "Введите число, например 1234,5.")]
    [InlineData("abc", "Введите число, например 1234,5.")]
    [InlineData("-5", "Показание не может быть отрицательным.")]
    [InlineData("123456", "В показании больше цифр до запятой, чем у счётчика (5).")]
    [InlineData("", "Введите показание")]
    public async Task Bad_input_gets_a_clear_message_and_nothing_is_stored(string typed, string message)
    {
        const string email = "popov.iv@example.ru";
        var (meterId, accountId, _) = await NewWaterMeterAsync(email);
        var browser = await SignedInAsync(email);
        var url = ReadingUrl(accountId, meterId);
        var today = await TodayOnFormAsync(browser, url);

        var response = await browser.PostFormAsync(url, url, Reading(today, typed));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await TextAsync(response);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("Показания не сохранены", html, StringComparison.Ordinal);
        Assert.Equal(4L, await ReadingsOfAsync(meterId));
    }

    [Fact]
    public async Task Another_persons_meter_or_account_answers_404_with_a_message_and_nothing_is_stored()
    {
        var (othersMeter, othersAccount, _) = await NewWaterMeterAsync("morozova.ty@example.ru");
        const string email = "smirnov.da@example.ru";
        var (ownMeter, ownAccount, _) = await NewWaterMeterAsync(email);
        var browser = await SignedInAsync(email);
        var own = ReadingUrl(ownAccount, ownMeter);
        var today = await TodayOnFormAsync(browser, own);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(ReadingUrl(othersAccount, othersMeter), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/cabinet/accounts/{othersAccount}/meters", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(ReadingUrl(ownAccount, othersMeter), Cancel)).StatusCode);

        // The other's meter under one's own account: the form is posted with the own page's token.
        var token = await browser.AntiforgeryTokenAsync(own);
        var forged = await browser.PostAsync(ReadingUrl(ownAccount, othersMeter), new FormUrlEncodedContent(
            new Dictionary<string, string>(Reading(today, "124")) { ["__RequestVerificationToken"] = token }), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Contains("Счётчик не найден.", await TextAsync(forged), StringComparison.Ordinal);
        Assert.Equal(4L, await ReadingsOfAsync(othersMeter));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.HtmxPostAsync(own, ReadingUrl(ownAccount, othersMeter) + "?handler=Preview", Reading(today, "124"))).StatusCode);
    }

    [Fact]
    public async Task The_same_reading_twice_changes_nothing_and_a_different_value_for_the_same_day_is_a_conflict()
    {
        const string email = "kuznetsova.ov@example.ru";
        var (meterId, accountId, _) = await NewWaterMeterAsync(email);
        var browser = await SignedInAsync(email);
        var url = ReadingUrl(accountId, meterId);
        var today = await TodayOnFormAsync(browser, url);

        Assert.Contains("Показания приняты и подтверждены", await TextAsync(await browser.PostFormAsync(url, url, Reading(today, "123"))), StringComparison.Ordinal);
        var again = await TextAsync(await browser.PostFormAsync(url, url, Reading(today, "123,0")));
        Assert.Contains("Эти показания уже были приняты раньше, ничего не изменилось.", again, StringComparison.Ordinal);
        Assert.Equal(5L, await ReadingsOfAsync(meterId));

        var conflict = await TextAsync(await browser.PostFormAsync(url, url, Reading(today, "124")));
        Assert.Contains("Показание «Общий» на эту дату уже принято: 123.", conflict, StringComparison.Ordinal);
        Assert.Equal(123m, await Db.ScalarAsync<decimal>($"select value from metering.readings where meter_id = {meterId} and source = 'consumer'"));
    }

    [Fact]
    public async Task A_faulty_meter_is_marked_and_takes_no_reading_from_the_consumer()
    {
        const string email = "novikova.aa@example.ru";
        var (meterId, accountId, _) = await NewWaterMeterAsync(email);
        await Db.ExecuteAsync($"update metering.meters set verified_until = current_date - 20 where id = {meterId}");
        var browser = await SignedInAsync(email);

        var meters = WebUtility.HtmlDecode(await browser.GetStringAsync($"/cabinet/accounts/{accountId}/meters", Cancel));
        Assert.Contains("показания этого счётчика не учитываются в начислениях. Обратитесь в расчётный центр", meters, StringComparison.Ordinal);
        Assert.DoesNotContain(ReadingUrl(accountId, meterId), meters, StringComparison.Ordinal);
        var url = ReadingUrl(accountId, meterId);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(url, Cancel));
        Assert.Contains("Поверка истекла", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"TakenOn\"", page, StringComparison.Ordinal);

        var token = await browser.AntiforgeryTokenAsync($"/cabinet/accounts/{accountId}/meters");
        await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>(Reading(DateOnly.FromDateTime(DateTime.UtcNow), "124"))
        {
            ["__RequestVerificationToken"] = token,
        }), Cancel);
        Assert.Equal(4L, await ReadingsOfAsync(meterId));
    }

    [Fact]
    public async Task The_monthly_chart_has_a_data_table_of_the_months_within_the_history_window()
    {
        const string email = "ivanov.sp@example.ru";
        var accountId = await Db.ScalarAsync<long>("""
            select a.id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            join contracts.consumers p on p.id = c.consumer_id
            join metering.meters m on m.account_id = a.id and not m.is_automated and m.verified_until > current_date + 30
            where p.email = @e and a.utility in ('cold-water', 'hot-water') order by a.id limit 1
            """, ("e", email));
        var browser = await SignedInAsync(email);

        var html = WebUtility.HtmlDecode(await browser.GetStringAsync($"/cabinet/accounts/{accountId}/meters", Cancel));

        Assert.Contains("/lib/chartjs/chart.umd.min.js", html, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"monthly-" + accountId.ToString(CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        Assert.Contains("<caption>Расход по месяцам", html, StringComparison.Ordinal);
        var ru = new CultureInfo("ru-RU");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(3)); // Europe/Moscow, the demo's zone
        var lastMonth = today.AddMonths(-1);
        // After the deadline day (25th) the chart reaches the next month, which today's readings count for.
        var next = today.Day > 25 ? 1 : 0;
        var name = lastMonth.ToString("MMMM yyyy", ru);
        Assert.Contains($"<th scope=\"row\">{char.ToUpper(name[0], ru)}{name[1..]}</th>", html, StringComparison.Ordinal);
        Assert.Equal(12 + next, MonthRows().Matches(TableOf(html, "Расход по месяцам")).Count); // 12 months by default

        // The history window: 36 months by default (Cabinet.HistoryMonths); asking for more gives the window.
        var all = WebUtility.HtmlDecode(await browser.GetStringAsync($"/cabinet/accounts/{accountId}/meters?months=600", Cancel));
        var rows = MonthRows().Matches(TableOf(all, "Расход по месяцам")).Count;
        Assert.InRange(rows, 13, 36 + next);
        await Db.ExecuteAsync("""
            insert into platform.setting_values (key, valid_from, value, changed_by, changed_at)
            values ('Cabinet.HistoryMonths', date '2000-01-01', '6', 'test', now())
            """);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(11), Cancel); // settings are read through a 10-second snapshot
            var narrow = WebUtility.HtmlDecode(await browser.GetStringAsync($"/cabinet/accounts/{accountId}/meters?months=600", Cancel));
            Assert.Equal(7 + next, MonthRows().Matches(TableOf(narrow, "Расход по месяцам")).Count); // six months back and this one
        }
        finally
        {
            await Db.ExecuteAsync("delete from platform.setting_values where key = 'Cabinet.HistoryMonths' and changed_by = 'test'");
        }
    }

    [Fact]
    public async Task An_automated_meter_has_a_daily_chart()
    {
        var (email, accountId) = await Db.ScalarAsync<string>("""
            select p.email || '|' || a.id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            join contracts.consumers p on p.id = c.consumer_id join contracts.consumer_logins l on l.consumer_id = p.id
            join metering.meters m on m.account_id = a.id and m.is_automated
            where p.email is not null order by a.id limit 1
            """) is { } row ? (row.Split('|')[0], long.Parse(row.Split('|')[1], CultureInfo.InvariantCulture)) : throw new InvalidOperationException("no automated meter in the demo");
        var browser = await SignedInAsync(email);

        var html = WebUtility.HtmlDecode(await browser.GetStringAsync($"/cabinet/accounts/{accountId}/meters?days=90", Cancel));

        Assert.Contains("<caption>Расход по дням", html, StringComparison.Ordinal);
        Assert.Equal(90, DayRows().Matches(TableOf(html, "Расход по дням")).Count);
    }

    [Fact]
    public async Task A_consumer_submits_a_reading_at_the_kiosk()
    {
        const string email = "petrova.mi@example.ru";
        var (meterId, accountId, _) = await NewWaterMeterAsync(email);
        var terminal = host.Factory.CreateBrowser();
        var admin = host.Factory.CreateBrowser();
        await admin.SignInAsync("admin", "admin-demo");
        var registered = await TextAsync(await admin.PostFormAsync("/office/kiosks", "/office/kiosks?handler=Register", new Dictionary<string, string> { ["Name"] = "Терминал для показаний" }));
        var link = new Uri(PairingLink().Match(registered).Groups[1].Value.Trim()).PathAndQuery;
        Assert.Equal(HttpStatusCode.OK, (await terminal.GetAsync(link, Cancel)).StatusCode);
        await terminal.PostFormAsync("/kiosk", "/kiosk?handler=Start", new Dictionary<string, string> { ["Login"] = "Д-2024/0002" });
        var code = SixDigits().Match((await Db.ScalarAsync<string>(
            "select body from notifications.sent_messages where channel = 'sms' and recipient = '+79161234502' order by id desc limit 1"))!).Value;
        await terminal.PostFormAsync("/kiosk", "/kiosk?handler=Verify", new Dictionary<string, string> { ["Login"] = "Д-2024/0002", ["Code"] = code });

        var session = await terminal.GetStringAsync("/kiosk/session", Cancel);
        Assert.Contains($"href=\"/kiosk/session/accounts/{accountId}/meters\"", session, StringComparison.Ordinal);
        var url = ReadingUrl(accountId, meterId, "/kiosk/session");
        var form = await terminal.GetStringAsync(url, Cancel);
        Assert.Contains("class=\"keypad\"", form, StringComparison.Ordinal);
        Assert.Contains("data-idle-seconds=", form, StringComparison.Ordinal);
        var today = await TodayOnFormAsync(terminal, url);

        var preview = await TextAsync(await terminal.HtmxPostAsync(url, url + "?handler=Preview", Reading(today, "125")));
        Assert.Contains("Расход: 7 м³", preview, StringComparison.Ordinal);
        var submitted = await TextAsync(await terminal.PostFormAsync(url, url, Reading(today, "125")));
        Assert.Contains("Показания приняты и подтверждены", submitted, StringComparison.Ordinal);
        var consumerId = await ConsumerIdAsync(email);
        Assert.Equal($"consumer:{consumerId}", await Db.ScalarAsync<string>($"select submitted_by from metering.readings where meter_id = {meterId} and source = 'consumer'"));
        var meters = WebUtility.HtmlDecode(await terminal.GetStringAsync($"/kiosk/session/accounts/{accountId}/meters", Cancel));
        Assert.Contains("<caption>Расход по месяцам", meters, StringComparison.Ordinal);

        // The cabinet's pages are not the kiosk's: the kiosk session does not open them.
        Assert.Equal(HttpStatusCode.Redirect, (await terminal.GetAsync($"/cabinet/accounts/{accountId}/meters", Cancel)).StatusCode);
    }

    private static string TableOf(string html, string caption)
    {
        var start = html.IndexOf("<caption>" + caption, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table '{caption}'");
        return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("id=\"taken-on\" name=\"TakenOn\" value=\"(\\d{4}-\\d{2}-\\d{2})\"")]
    private static partial Regex TakenOnValue();

    [GeneratedRegex(@"<th scope=""row"">\p{L}+ \d{4}</th>")]
    private static partial Regex MonthRows();

    [GeneratedRegex(@"<th scope=""row"">\d{2}\.\d{2}\.\d{4}</th>")]
    private static partial Regex DayRows();

    [GeneratedRegex("data-pairing-link>([^<]+)<")]
    private static partial Regex PairingLink();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
