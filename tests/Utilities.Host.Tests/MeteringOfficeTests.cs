using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Metering;
using Utilities.Metering.Office;
using Utilities.Platform.Time;

namespace Utilities.Host.Tests;

/// <summary>
/// The metering back office (issue 5): registry and meter card, registering and replacing meters,
/// the round sheet, the confirmation queue, preventive-work planning and the weather import, each
/// as the roles that may use it, bad input changing nothing.
/// </summary>
public sealed partial class MeteringOfficeTests(HostFixture host) : IClassFixture<HostFixture>
{
    private const string Lesnaya3 = "г. Новоозёрск, ул. Лесная, д. 3";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<HttpClient> StaffAsync(string login)
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync(login, login + "-demo");
        return browser;
    }

    private async Task<DateOnly> TodayAsync()
    {
        using var scope = host.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IClock>().TodayAsync(Cancel);
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<long> MeterCountAsync() => Db.ScalarAsync<long>("select count(*) from metering.meters")!;

    private Task<long> ReadingCountAsync() => Db.ScalarAsync<long>("select count(*) from metering.readings")!;

    /// <summary>A manual cold-water premises meter in service with no pending reading, and its account.</summary>
    private async Task<(long MeterId, long AccountId)> QuietColdWaterMeterAsync(int skip = 0)
    {
        var meter = await Db.ScalarAsync<long>(
            """
            select m.id from metering.meters m
            where m.utility = 'cold-water' and m.account_id is not null and not m.is_automated and m.removed_on is null
              and m.verified_until > current_date + 400
              and not exists (select 1 from metering.readings r where r.meter_id = m.id and r.status = 'pending')
              and (select count(*) from metering.meters o where o.account_id = m.account_id and o.utility = 'cold-water') = 1
            order by m.id offset @skip limit 1
            """, ("skip", skip));
        return (meter, await Db.ScalarAsync<long>("select account_id from metering.meters where id = @id", ("id", meter)));
    }

    private Task<decimal> LastValueAsync(long meterId, string register = "total") =>
        Db.ScalarAsync<decimal>("select value from metering.readings where meter_id = @m and register = @r and status <> 'rejected' order by taken_at desc limit 1",
            ("m", meterId), ("r", register));

    [Fact]
    public async Task Each_screen_opens_for_its_roles_accountants_only_read_and_consumers_and_anonymous_are_turned_away()
    {
        var (meterId, _) = await QuietColdWaterMeterAsync();
        string[] readable = ["/office/metering", "/office/metering/plan", "/office/metering/weather", $"/office/metering/meters/{meterId}"];
        string[] working = ["/office/metering/round", "/office/metering/queue", "/office/metering/new"];

        foreach (var login in new[] { "operator", "inspector", "admin" })
        {
            var staff = await StaffAsync(login);
            foreach (var url in readable.Concat(working))
                Assert.True((await staff.GetAsync(url, Cancel)).StatusCode == HttpStatusCode.OK, $"{login} opens {url}");
        }

        var accountant = await StaffAsync("accountant");
        foreach (var url in readable)
            Assert.Equal(HttpStatusCode.OK, (await accountant.GetAsync(url, Cancel)).StatusCode);
        foreach (var url in working)
        {
            var denied = await accountant.GetAsync(url, Cancel);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.StartsWith("/office/denied", denied.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        }

        var card = await accountant.GetStringAsync($"/office/metering/meters/{meterId}", Cancel);
        Assert.DoesNotContain("handler=Replace", card, StringComparison.Ordinal);

        var consumer = host.Factory.CreateBrowser();
        var signIn = await consumer.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = "ivanov.sp@example.ru", ["Password"] = "cabinet-demo" });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var anonymous = host.Factory.CreateBrowser();
        foreach (var browser in new[] { consumer, anonymous })
        {
            foreach (var url in readable.Concat(working))
            {
                var response = await browser.GetAsync(url, Cancel);
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/office/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task Registry_finds_meters_by_serial_account_number_and_address_with_filters_in_one_page()
    {
        var staff = await StaffAsync("operator");
        var (meterId, accountId) = await QuietColdWaterMeterAsync();
        var serial = await Db.ScalarAsync<string>("select serial from metering.meters where id = @id", ("id", meterId));
        var number = await Db.ScalarAsync<string>("select number from contracts.personal_accounts where id = @id", ("id", accountId));

        var bySerial = await staff.GetStringAsync("/office/metering?q=" + serial, Cancel);
        Assert.Contains($">{serial}</a>", bySerial, StringComparison.Ordinal);

        var byAccount = await staff.GetStringAsync("/office/metering?q=" + Uri.EscapeDataString(number!), Cancel);
        Assert.Contains($">{serial}</a>", byAccount, StringComparison.Ordinal);

        var byAddress = await staff.GetStringAsync("/office/metering?state=faulty&q=" + Uri.EscapeDataString("лесная 3"), Cancel);
        var faultyInLesnaya = await Db.ScalarAsync<long>(
            """
            select count(*) from metering.meters m
            left join contracts.personal_accounts a on a.id = m.account_id
            left join contracts.premises p on p.id = a.premises_id
            join contracts.buildings b on b.id = coalesce(p.building_id, m.building_id)
            where b.address = @address and m.removed_on is null and m.verified_until < current_date
            """, ("address", Lesnaya3));
        Assert.Contains($"Найдено: {faultyInLesnaya}", byAddress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_a_meter_with_bad_input_names_each_problem_and_stores_nothing()
    {
        var staff = await StaffAsync("operator");
        var today = await TodayAsync();
        var before = await MeterCountAsync();

        async Task<string> PostAsync(Dictionary<string, string> fields)
        {
            var response = await staff.HtmxPostAsync("/office/metering/new", "/office/metering/new", fields);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Cancel));
        }

        var empty = await PostAsync(new Dictionary<string, string> { ["DigitCapacity"] = "" });
        foreach (var message in new[] { "Введите заводской номер.", "Выберите вид услуги.", "Разрядность — целое число от 1 до 12.", "Укажите дату установки.",
                     "Укажите, до какой даты действует поверка.", "Счётчик ставится либо на лицевой счёт, либо на дом (ОДПУ)." })
            Assert.Contains(message, empty, StringComparison.Ordinal);

        var badAccount = await PostAsync(new Dictionary<string, string>
        {
            ["Account"] = "НЕТ-ТАКОГО", ["Kind"] = "cold-water/single", ["Serial"] = "NEW-1", ["DigitCapacity"] = "13",
            ["InstalledOn"] = Iso(today.AddDays(2)), ["VerifiedUntil"] = Iso(today.AddDays(1)),
        });
        foreach (var message in new[] { "Лицевой счёт не найден или закрыт.", "Разрядность — целое число от 1 до 12.", "Дата ещё не наступила.", "Поверка должна действовать после даты установки." })
            Assert.Contains(message, badAccount, StringComparison.Ordinal);
        Assert.Contains("value=\"NEW-1\"", badAccount, StringComparison.Ordinal); // typed values stay

        var building = await Db.ScalarAsync<long>("select id from contracts.buildings where address = @a", ("a", Lesnaya3));
        var number = await Db.ScalarAsync<string>("select number from contracts.personal_accounts where utility = 'cold-water' and closed_on is null order by id limit 1");
        var both = await PostAsync(new Dictionary<string, string>
        {
            ["Account"] = number!, ["Building"] = building.ToString(CultureInfo.InvariantCulture), ["Kind"] = "cold-water/single", ["Serial"] = "NEW-2",
            ["DigitCapacity"] = "5", ["InstalledOn"] = Iso(today), ["VerifiedUntil"] = Iso(today.AddYears(6)),
        });
        Assert.Contains("Счётчик ставится либо на лицевой счёт, либо на дом (ОДПУ).", both, StringComparison.Ordinal);
        Assert.Equal(before, await MeterCountAsync());

        var good = await staff.HtmxPostAsync("/office/metering/new", "/office/metering/new", new Dictionary<string, string>
        {
            ["Account"] = number!, ["Kind"] = "cold-water/single", ["Serial"] = "NEW-3", ["DigitCapacity"] = "5",
            ["InstalledOn"] = Iso(today), ["VerifiedUntil"] = Iso(today.AddYears(6)),
        });
        Assert.Equal(HttpStatusCode.NoContent, good.StatusCode);
        Assert.Matches("^/office/metering/meters/[0-9]+$", good.Headers.GetValues("HX-Redirect").Single());
        Assert.Equal(before + 1, await MeterCountAsync());
    }

    [Fact]
    public async Task Replacement_on_the_card_removes_the_old_meter_and_installs_the_new_with_its_initial_reading_and_consumption_stays_continuous()
    {
        var staff = await StaffAsync("inspector");
        var today = await TodayAsync();
        var on = today.AddDays(-1);
        var (oldId, accountId) = await QuietColdWaterMeterAsync(skip: 1);
        var last = await LastValueAsync(oldId);
        var card = $"/office/metering/meters/{oldId}";
        var meters = await MeterCountAsync();
        var readings = await ReadingCountAsync();

        Dictionary<string, string> Fields(string initial) => new()
        {
            ["On"] = Iso(on), ["Final[total]"] = (last + 3m).ToString(CultureInfo.GetCultureInfo("ru-RU")), ["New.Serial"] = "ЗАМЕНА-1",
            ["New.Layout"] = "single", ["New.DigitCapacity"] = "5", ["New.VerifiedUntil"] = Iso(today.AddYears(6)), ["Initial[total]"] = initial,
        };

        // A bad initial reading: nothing of the operation is stored (one transaction).
        var bad = await staff.HtmxPostAsync(card, card + "?handler=Replace", Fields("abc"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Введите число, например 1234,5.", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);
        Assert.Equal(meters, await MeterCountAsync());
        Assert.Equal(readings, await ReadingCountAsync());
        Assert.Null(await Db.ScalarAsync<DateTime?>("select removed_on::timestamp from metering.meters where id = @id", ("id", oldId)));

        var good = await staff.HtmxPostAsync(card, card + "?handler=Replace", Fields("0,5"));
        Assert.Equal(HttpStatusCode.NoContent, good.StatusCode);
        var newId = long.Parse(good.Headers.GetValues("HX-Redirect").Single().Split('/').Last(), CultureInfo.InvariantCulture);
        Assert.Equal(on.ToDateTime(TimeOnly.MinValue), await Db.ScalarAsync<DateTime>("select removed_on::timestamp from metering.meters where id = @id", ("id", oldId)));
        Assert.Equal(oldId, await Db.ScalarAsync<long>("select replaces_meter_id from metering.meters where id = @id", ("id", newId)));
        Assert.Equal("final", await Db.ScalarAsync<string>("select kind from metering.readings where meter_id = @id order by taken_at desc limit 1", ("id", oldId)));
        Assert.Equal(0.5m, await Db.ScalarAsync<decimal>("select value from metering.readings where meter_id = @id and kind = 'initial'", ("id", newId)));
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from metering.outbox where type = 'metering.meter-replaced' and payload::text like @p", ("p", $"%{newId}%")));

        // The new meter's card shows the chain; a reading on it makes its part of the month.
        var newCard = await staff.GetStringAsync($"/office/metering/meters/{newId}", Cancel);
        Assert.Contains($"href=\"/office/metering/meters/{oldId}\"", newCard, StringComparison.Ordinal);
        var reading = await staff.HtmxPostAsync($"/office/metering/meters/{newId}", $"/office/metering/meters/{newId}?handler=Reading",
            new Dictionary<string, string> { ["On"] = Iso(today), ["Values[total]"] = "2,5" });
        Assert.Contains("Показания сохранены.", WebUtility.HtmlDecode(await reading.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);

        using var scope = host.Factory.Services.CreateScope();
        var period = await Db.ScalarAsync<DateTime>("select period::timestamp from metering.readings where meter_id = @id and kind = 'initial'", ("id", newId));
        var month = DateOnly.FromDateTime(period);
        var rows = await scope.ServiceProvider.GetRequiredService<IConsumptionQuery>().MonthlyAsync(ConsumptionOwner.Account(accountId), month, month, Cancel);
        var oldPart = Assert.Single(rows, r => r.MeterId == oldId);
        var newPart = Assert.Single(rows, r => r.MeterId == newId);
        Assert.Equal(3m, oldPart.Volume);
        Assert.Equal(2m, newPart.Volume);
    }

    [Fact]
    public async Task Round_sheet_stores_every_filled_row_reports_each_row_and_the_same_sheet_again_changes_nothing()
    {
        var staff = await StaffAsync("inspector");
        var today = await TodayAsync();
        var building = await Db.ScalarAsync<long>("select id from contracts.buildings where address = @a", ("a", Lesnaya3));
        var url = $"/office/metering/round?building={building}";
        var sheet = await staff.GetStringAsync(url, Cancel);
        var inputs = RoundInput().Matches(sheet).Select(m => (Name: m.Value, Meter: long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Register: m.Groups[2].Value))
            .Distinct().ToList();
        var meters = inputs.Select(i => i.Meter).Distinct().ToList();
        Assert.True(meters.Count >= 4, "the building has meters");

        var fields = new Dictionary<string, string> { ["TakenOn"] = Iso(today) };
        var filled = meters.Take(3).ToList();
        foreach (var input in inputs.Where(i => filled.Contains(i.Meter)))
            fields[input.Name] = (await LastValueAsync(input.Meter, input.Register) + 1m).ToString(CultureInfo.GetCultureInfo("ru-RU"));
        var bad = inputs.First(i => i.Meter == meters[3]);
        fields[bad.Name] = "двенадцать";
        var expected = inputs.Count(i => filled.Contains(i.Meter));
        var before = await ReadingCountAsync();

        var first = WebUtility.HtmlDecode(await (await staff.HtmxPostAsync(url, url, fields)).Content.ReadAsStringAsync(Cancel));
        Assert.Equal(before + expected, await ReadingCountAsync());
        Assert.Contains("Сохранено: 3, без изменений: 0, с ошибками: 1.", first, StringComparison.Ordinal);
        Assert.Contains("Введите число, например 1234,5.", first, StringComparison.Ordinal);
        Assert.Contains("value=\"двенадцать\"", first, StringComparison.Ordinal); // the typed values stay
        Assert.Equal(3, Regex.Count(first, "data-outcome=\"stored\""));
        // Of the sheet's meters only: another test of this class may have read another meter today (tests share the class's database, in any order).
        Assert.Equal(expected, await Db.ScalarAsync<long>(
            "select count(*) from metering.readings where source = 'inspector' and submitted_by = 'staff:inspector' and taken_at = @t and meter_id = any(@m)",
            ("t", today.ToDateTime(new TimeOnly(12, 0))), ("m", filled.ToArray())));

        var again = WebUtility.HtmlDecode(await (await staff.HtmxPostAsync(url, url, fields)).Content.ReadAsStringAsync(Cancel));
        Assert.Equal(before + expected, await ReadingCountAsync());
        Assert.Contains("Сохранено: 0, без изменений: 3, с ошибками: 1.", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_shows_pending_readings_by_term_and_confirm_or_reject_with_a_reason_decides_and_closes_the_inspection()
    {
        var staff = await StaffAsync("operator");
        var today = await TodayAsync();
        var (meterId, _) = await QuietColdWaterMeterAsync(skip: 2);
        var last = await LastValueAsync(meterId);
        // A second pending reading, past its term (the demo's one is due in 25 days).
        var overdue = await Db.ScalarAsync<long>(
            """
            insert into metering.readings (meter_id, register, taken_at, value, source, kind, period, status, submitted_at, submitted_by, confirm_by, findings)
            values (@m, 'total', @t, @v, 'consumer', 'regular', date_trunc('month', @t)::date, 'pending', now(), 'consumer:1', @c,
                    '[{"Code":"spike","Severity":"warning","Ru":"Расход подозрительно велик.","En":"The consumption is suspiciously high."}]')
            returning id
            """, ("m", meterId), ("t", today.AddDays(-2).ToDateTime(new TimeOnly(12, 0))), ("v", last + 80m), ("c", today.AddDays(-1)));
        await Db.ExecuteAsync($"insert into metering.inspection_tasks (meter_id, reading_id, reason, created_at, due_on) values ({meterId}, {overdue}, 'spike', now(), current_date - 1)");
        var demo = await Db.ScalarAsync<long>("select id from metering.readings where status = 'pending' and id <> @id", ("id", overdue));

        var page = WebUtility.HtmlDecode(await staff.GetStringAsync("/office/metering/queue", Cancel));
        Assert.True(page.IndexOf($"data-reading=\"{overdue}\"", StringComparison.Ordinal) < page.IndexOf($"data-reading=\"{demo}\"", StringComparison.Ordinal), "the overdue one first");
        Assert.Contains("срок истёк", page, StringComparison.Ordinal);
        Assert.Contains("Расход подозрительно велик.", page, StringComparison.Ordinal);
        Assert.Contains("расход 80 м³", page, StringComparison.Ordinal);

        var noReason = await staff.HtmxPostAsync("/office/metering/queue", "/office/metering/queue?handler=Reject",
            new Dictionary<string, string> { ["ReadingId"] = overdue.ToString(CultureInfo.InvariantCulture), ["Reason"] = " " });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("Укажите причину отклонения.", WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);
        Assert.Equal("pending", await Db.ScalarAsync<string>("select status from metering.readings where id = @id", ("id", overdue)));

        var withoutToken = await staff.HtmxPostAsync("/office/metering/queue", "/office/metering/queue?handler=Confirm",
            new Dictionary<string, string> { ["ReadingId"] = demo.ToString(CultureInfo.InvariantCulture) }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);

        await staff.HtmxPostAsync("/office/metering/queue", "/office/metering/queue?handler=Reject",
            new Dictionary<string, string> { ["ReadingId"] = overdue.ToString(CultureInfo.InvariantCulture), ["Reason"] = "Контрольный обход: 1234" });
        var confirmed = await staff.HtmxPostAsync("/office/metering/queue", "/office/metering/queue?handler=Confirm",
            new Dictionary<string, string> { ["ReadingId"] = demo.ToString(CultureInfo.InvariantCulture) });
        Assert.Contains("Нет показаний, ожидающих подтверждения.", WebUtility.HtmlDecode(await confirmed.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);

        Assert.Equal("rejected", await Db.ScalarAsync<string>("select status from metering.readings where id = @id", ("id", overdue)));
        Assert.Equal("Контрольный обход: 1234", await Db.ScalarAsync<string>("select decision_reason from metering.readings where id = @id", ("id", overdue)));
        Assert.Equal("confirmed", await Db.ScalarAsync<string>("select status from metering.readings where id = @id", ("id", demo)));
        Assert.Equal(0L, await Db.ScalarAsync<long>("select count(*) from metering.inspection_tasks where closed_at is null"));
        Assert.Equal("staff:operator", await Db.ScalarAsync<string>("select closed_by from metering.inspection_tasks where reading_id = @id", ("id", demo)));
    }

    [Theory]
    [InlineData("г. Новоозёрск, ул. Лесная, д. 3", "г. Новоозёрск, ул. Лесная")]
    [InlineData("г. Новоозёрск, ул. Садовая, д. 12, корп. 2", "г. Новоозёрск, ул. Садовая")]
    [InlineData("г. Новоозёрск, пр-т Мира, 7а", "г. Новоозёрск, пр-т Мира")]
    [InlineData("ул. Лесная 3", "ул. Лесная")]
    [InlineData("Хутор Лесной", "Хутор Лесной")]
    public void The_street_of_an_address_is_what_comes_before_the_house_number(string address, string street) =>
        Assert.Equal(street, PreventivePlan.StreetOf(address));

    [Fact]
    public async Task Plan_groups_expiring_and_expired_meters_and_open_inspections_by_street_and_building_with_counts()
    {
        var staff = await StaffAsync("accountant");
        using var scope = host.Factory.Services.CreateScope();
        var plan = await scope.ServiceProvider.GetRequiredService<PreventivePlan>().LoadAsync(2, Cancel);

        var expected = await Db.ScalarAsync<long>("select count(*) from metering.meters where removed_on is null and verified_until <= @h", ("h", plan.Horizon));
        Assert.Equal(expected, plan.Streets.Sum(s => s.Expired + s.Expiring));
        Assert.Equal(await Db.ScalarAsync<long>("select count(*) from metering.inspection_tasks where closed_at is null"), plan.Streets.Sum(s => s.Tasks));
        Assert.True(plan.Streets.Sum(s => s.Expired) > 0 && plan.Streets.Sum(s => s.Expiring) > 0, "the demo has both");
        foreach (var street in plan.Streets)
        {
            Assert.All(street.Buildings, b => Assert.Equal(street.Street, PreventivePlan.StreetOf(b.Address)));
            Assert.Equal(street.Buildings.Count, street.Buildings.Select(b => b.Id).Distinct().Count());
        }

        var html = WebUtility.HtmlDecode(await staff.GetStringAsync("/office/metering/plan?months=2", Cancel));
        var first = plan.Streets[0];
        Assert.Contains($"{first.Street} <span class=\"muted\">(поверка истекла: {first.Expired}, истекает: {first.Expiring}, проверок: {first.Tasks})</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/office/metering/round?building=", html, StringComparison.Ordinal); // accountants do not fill round sheets
    }

    [Fact]
    public async Task Weather_import_with_a_bad_line_stores_nothing_and_names_the_line_and_a_good_file_twice_stores_once()
    {
        var staff = await StaffAsync("operator");
        const string page = "/office/metering/weather";

        async Task<string> UploadAsync(string csv)
        {
            var token = await staff.AntiforgeryTokenAsync(page);
            using var content = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "Upload", "weather.csv" },
            };
            var response = await staff.PostAsync(page, content, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Cancel));
        }

        var bad = await UploadAsync("site_id,date,mean_temp_c\ntest_site,2020-01-01,-5.5\ntest_site,2020-13-01,1.0\ntest_site,2020-01-03,warm\n");
        Assert.Contains("строка 3: дата «2020-13-01» не в формате ГГГГ-ММ-ДД", bad, StringComparison.Ordinal);
        Assert.Contains("строка 4: температура «warm» не число", bad, StringComparison.Ordinal);
        Assert.Equal(0L, await Db.ScalarAsync<long>("select count(*) from metering.weather where site = 'test_site'"));

        const string good = "site_id,date,mean_temp_c\ntest_site,2020-01-01,-5.5\ntest_site,2020-01-02,-7.25\ntest_site,2020-01-03,0\n";
        Assert.Contains("Загружено: новых дней 3, изменено 0, без изменений 0.", await UploadAsync(good), StringComparison.Ordinal);
        var again = await UploadAsync(good.Replace("-7.25", "-7.5", StringComparison.Ordinal));
        Assert.Contains("Загружено: новых дней 0, изменено 1, без изменений 2.", again, StringComparison.Ordinal);
        Assert.Contains("<td>test_site</td>", again, StringComparison.Ordinal);
        Assert.Contains("<td>01.01.2020</td>", again, StringComparison.Ordinal);
        Assert.Equal(-7.5m, await Db.ScalarAsync<decimal>("select mean_temp_c from metering.weather where site = 'test_site' and day = '2020-01-02'"));

        var accountant = await StaffAsync("accountant");
        Assert.DoesNotContain("type=\"file\"", await accountant.GetStringAsync(page, Cancel), StringComparison.Ordinal);
    }

    [GeneratedRegex("r([0-9]+)_([A-Za-z0-9]+)(?=\")")]
    private static partial Regex RoundInput();
}
