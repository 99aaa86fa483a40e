using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Host.Platform.Settings;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Platform.Settings;

namespace Utilities.Host.Tests;

/// <summary>
/// The history window (issue 11; domain.md, "What consumers see, and for how long"): the cabinet shows
/// bills only within Cabinet.HistoryMonths; an older bill is neither listed nor opened (404), while it
/// stays in the database and in the back office.
/// </summary>
public sealed class HistoryWindowTests(BilledHostFixture host) : IClassFixture<BilledHostFixture>
{
    private const string Ivanov = "ivanov.sp@example.ru";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task SetMonthsAsync(int months)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SettingsStore>()
            .SetAsync(PlatformSettings.ConsumerHistoryMonths.Name, new DateOnly(2020, 1, 1), months.ToString(System.Globalization.CultureInfo.InvariantCulture), "test", Cancel);
    }

    [Fact]
    public async Task A_bill_older_than_the_window_is_not_shown_in_the_cabinet_but_kept()
    {
        const string PremisesOf = """
            select a.premises_id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            join contracts.consumers p on p.id = c.consumer_id where p.email = 'ivanov.sp@example.ru'
            """;
        var november = await Db.ScalarAsync<long>($"select id from billing.bills where period = '2026-11-01' and premises_id in ({PremisesOf}) order by id limit 1");
        Assert.NotEqual(0L, november);
        // The same premises' bill a month earlier (a copy of November's), from after the accounts opened.
        Assert.True(await Db.ScalarAsync<bool>($"select max(opened_on) < date '2026-10-01' from contracts.personal_accounts where premises_id = (select premises_id from billing.bills where id = {november})"));
        var october = await Db.ScalarAsync<long>($"""
            insert into billing.bills (period, premises_id, number, total_due, is_final, run_id, document, created_at)
            select date '2026-10-01', premises_id, number || '-10', total_due, is_final, run_id, document, created_at from billing.bills where id = {november}
            returning id
            """);
        var browser = host.Factory.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = Ivanov, ["Password"] = "cabinet-demo" })).StatusCode);

        try
        {
            // Within the default window (36 months) both are the consumer's.
            var list = await browser.GetStringAsync("/cabinet/bills", Cancel);
            Assert.Contains($"/cabinet/bills/{october}\"", list, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/cabinet/bills/{october}", Cancel)).StatusCode);

            // A window of 2 months from December 2026 starts in November: October is issued only at the centre.
            await SetMonthsAsync(2);
            list = await browser.GetStringAsync("/cabinet/bills", Cancel);
            Assert.DoesNotContain($"/cabinet/bills/{october}\"", list, StringComparison.Ordinal);
            Assert.Contains($"/cabinet/bills/{november}\"", list, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/cabinet/bills/{october}", Cancel)).StatusCode);
            Assert.Equal(1L, await Db.ScalarAsync<long>($"select count(*) from billing.bills where id = {october}"));
        }
        finally
        {
            await SetMonthsAsync(36);
        }
    }

    [Fact]
    public async Task An_operator_issues_the_whole_history_of_an_account_as_csv_and_pdf_with_what_the_cabinet_no_longer_shows()
    {
        var account = await Db.ScalarAsync<long>("""
            select a.id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id join contracts.consumers p on p.id = c.consumer_id
            where p.email = 'ivanov.sp@example.ru' and exists (select 1 from metering.meters m where m.account_id = a.id and m.removed_on is null) order by a.id limit 1
            """);
        var number = await Db.ScalarAsync<string>($"select number from contracts.personal_accounts where id = {account}");
        var meter = await Db.ScalarAsync<long>($"select id from metering.meters where account_id = {account} and removed_on is null order by id limit 1");
        // A reading seven years old: long outside the cabinet's 36 months.
        await Db.ExecuteAsync($"""
            insert into metering.readings (meter_id, register, taken_at, value, source, kind, period, status, submitted_at)
            select {meter}, registers[1], timestamp '2019-05-01 10:00', 1234.567, 'inspector', 'regular', date '2019-05-01', 'confirmed', now() from metering.meters where id = {meter}
            """);
        var consumer = host.Factory.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await consumer.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = Ivanov, ["Password"] = "cabinet-demo" })).StatusCode);
        var cabinet = WebUtility.HtmlDecode(await consumer.GetStringAsync($"/cabinet/accounts/{account}/meters", Cancel));
        Assert.DoesNotContain("1234,567", cabinet, StringComparison.Ordinal);
        Assert.DoesNotContain("01.05.2019", cabinet, StringComparison.Ordinal);

        var office = host.Factory.CreateBrowser();
        await office.SignInAsync("operator", "operator-demo");
        // Bad input changes nothing.
        var before = await Db.ScalarAsync<long>("select count(*) from platform.extract_requests");
        var unknown = await office.PostFormAsync("/office/extracts", "/office/extracts", new Dictionary<string, string> { ["AccountNumber"] = "0000000", ["Note"] = "в офисе" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("Лицевого счёта 0000000 нет", WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);
        var noNote = await office.PostFormAsync("/office/extracts", "/office/extracts", new Dictionary<string, string> { ["AccountNumber"] = number!, ["Note"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Equal(before, await Db.ScalarAsync<long>("select count(*) from platform.extract_requests"));

        var registered = await office.PostFormAsync("/office/extracts", "/office/extracts", new Dictionary<string, string> { ["AccountNumber"] = number!, ["Note"] = "в офисе, по паспорту" });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var id = await Db.ScalarAsync<long>($"select id from platform.extract_requests where account_id = {account} order by id desc limit 1");
        Assert.NotEqual(0L, id);

        var csvResponse = await office.PostFormAsync("/office/extracts", "/office/extracts?handler=Issue", new Dictionary<string, string> { ["id"] = $"{id}", ["format"] = "csv" });
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        var csv = System.Text.Encoding.UTF8.GetString(await csvResponse.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Contains($"Выписка по лицевому счёту {number}", csv, StringComparison.Ordinal);
        Assert.Contains("01.05.2019 10:00;1234,567", csv, StringComparison.Ordinal);
        Assert.Contains("Начисления", csv, StringComparison.Ordinal);
        Assert.Contains("11.2026;11.2026", csv, StringComparison.Ordinal); // November's charge lines

        var pdfResponse = await office.PostFormAsync("/office/extracts", "/office/extracts?handler=Issue", new Dictionary<string, string> { ["id"] = $"{id}", ["format"] = "pdf" });
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType!.MediaType);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await pdfResponse.Content.ReadAsByteArrayAsync(Cancel));
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains(number!, text, StringComparison.Ordinal);
        Assert.Contains("Показания", text, StringComparison.Ordinal);
        Assert.Contains("1234,567", text, StringComparison.Ordinal);
        Assert.True(await Db.ScalarAsync<bool>($"select issued_at is not null and issued_by = 'staff:operator' from platform.extract_requests where id = {id}"));
        Assert.Equal(2L, await Db.ScalarAsync<long>($"select count(*) from platform.audit_log where action = 'extract.issued' and subject = 'account:{account}'"));
    }
}
