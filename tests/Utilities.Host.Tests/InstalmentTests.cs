using System.Net;
using System.Text.Json;
using UglyToad.PdfPig;
using Utilities.Billing.Bills;
using Utilities.Billing.Bills.Pdf;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing;
using Utilities.Billing.Instalments;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// Instalments (Rules 354 п.72): a month's charge more than 25 % above the same month last year is
/// offered (and at +24 % it is not); the consumer accepts it; the ledger moves the month's charge
/// into the schedule's months and the next bill shows the schedule. Against PostgreSQL.
/// </summary>
public sealed class InstalmentTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static readonly DateOnly November = new(2026, 11, 1);

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task RunNovemberAsync()
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IBillingRuns>().RunAsync(November, "test", null, Cancel);
        Assert.Null(result.Error);
    }

    private async Task<decimal> ChargedAsync(long accountId) =>
        await Db.ScalarAsync<decimal>("select sum(amount) from billing.charge_lines where period = @p and for_period = @p and kind = 0 and account_id = @a", ("p", November), ("a", accountId));

    /// <summary>A line for November 2025 with the given amount (the same month last year).</summary>
    private Task LastYearAsync(long accountId, decimal amount) => Db.ExecuteAsync($"""
        insert into billing.charge_lines (run_id, period, for_period, account_id, premises_id, supplier_id, utility, tariff_id, kind, component, register, basis,
                                          volume, unit, price, amount, line_from, line_to, explanation_ru, explanation_en)
        select run_id, date '2025-11-01', date '2025-11-01', account_id, premises_id, supplier_id, utility, tariff_id, 0, component, register, basis,
               volume, unit, price, {amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}, date '2025-11-01', date '2025-11-30', 'test', 'test'
        from billing.charge_lines where period = '2026-11-01' and account_id = {accountId} and kind = 0 limit 1
        """);

    [Fact]
    public void A_schedule_has_equal_parts_in_kopecks_and_the_last_takes_the_remainder()
    {
        var parts = InstalmentSchedule.Build(1000m, 3, 0m, new DateOnly(2026, 12, 1));
        Assert.Equal([333.33m, 333.33m, 333.34m], parts.Select(p => p.Amount));
        Assert.Equal([new DateOnly(2026, 12, 1), new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 1)], parts.Select(p => p.Month));
        // Interest on what is still deferred: 12 % a year is 1 % a month.
        var withInterest = InstalmentSchedule.Build(1200m, 2, 12m, new DateOnly(2026, 12, 1));
        Assert.Equal([612.00m, 606.00m], withInterest.Select(p => p.Amount));
    }

    [Fact]
    public async Task An_increase_over_25_percent_is_offered_accepted_once_and_its_schedule_is_on_the_next_bill()
    {
        await RunNovemberAsync();
        var candidates = await Db.ColumnAsync("""
            select c.account_id from billing.charge_lines c where c.period = '2026-11-01' and c.for_period = '2026-11-01' and c.kind = 0
              -- premises the other tests of the class gave offers or schedules are left out: the counts below are this test's own
              and not exists (select 1 from billing.instalment_offers o where o.premises_id = c.premises_id)
              and not exists (select 1 from billing.ledger_entries l where l.premises_id = c.premises_id and l.kind = 6)
            group by c.account_id having sum(c.amount) > 500 order by c.account_id limit 2
            """);
        var (over, under) = (long.Parse(candidates[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(candidates[1], System.Globalization.CultureInfo.InvariantCulture));
        var charged = await ChargedAsync(over);
        await LastYearAsync(over, Math.Round(charged / 1.26m, 2));
        await LastYearAsync(under, Math.Round(await ChargedAsync(under) / 1.24m, 2));

        await RunNovemberAsync(); // a re-run of the open period detects the offers again

        Assert.Equal(0L, await Db.ScalarAsync<long>("select count(*) from billing.instalment_offers where account_id = @a", ("a", under)));
        var offerId = await Db.ScalarAsync<long>("select id from billing.instalment_offers where account_id = @a and period = @p and state = 'offered'", ("a", over), ("p", November));
        Assert.NotEqual(0L, offerId);

        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var accept = scope.ServiceProvider.GetRequiredService<AcceptInstalmentCommand>();
            Assert.Equal(InstalmentProblem.NotFound, (await accept.ExecuteAsync(offerId, [under], 3, 1, Cancel)).Problem); // not the consumer's account
            Assert.Equal(InstalmentProblem.MonthsOutOfRange, (await accept.ExecuteAsync(offerId, [over], 13, 1, Cancel)).Problem);
            Assert.Equal(InstalmentProblem.MonthsOutOfRange, (await accept.ExecuteAsync(offerId, [over], 1, 1, Cancel)).Problem);
            var accepted = await accept.ExecuteAsync(offerId, [over], 3, 1, Cancel);
            Assert.Null(accepted.Problem);
            Assert.Equal(charged, accepted.Deferred);
            Assert.Equal(charged, accepted.Parts!.Sum(p => p.Amount));
            var again = await accept.ExecuteAsync(offerId, [over], 6, 1, Cancel);
            Assert.Null(again.Problem);
            Assert.Equal(3, again.Parts!.Count); // accepting again changes nothing
        }

        // This offer's entries only (the cabinet test accepts an offer of its own; the order of tests varies).
        Assert.Equal(4L, await Db.ScalarAsync<long>("select count(*) from billing.ledger_entries where account_id = @a and kind = 6 and reference_id = @o", ("a", over), ("o", offerId)));
        Assert.Equal(0m, await Db.ScalarAsync<decimal>("select open from billing.debts where account_id = @a and for_period = @p", ("a", over), ("p", November)));
        Assert.Equal(3L, await Db.ScalarAsync<long>("select count(*) from billing.ledger_entries where account_id = @a and kind = 6 and amount > 0 and for_period > @p and reference_id = @o", ("a", over), ("p", November), ("o", offerId)));
        await LedgerInvariant.AssertHoldsAsync(Db);

        // The bill shows the schedule (its parts not due yet: not in the total).
        await RunNovemberAsync();
        var premises = await Db.ScalarAsync<long>("select premises_id from contracts.personal_accounts where id = @a", ("a", over));
        var json = await Db.ScalarAsync<string>("select document::text from billing.bills where period = @p and premises_id = @pr", ("p", November), ("pr", premises));
        using var document = JsonDocument.Parse(json!);
        var schedule = document.RootElement.GetProperty("instalments");
        Assert.Equal(3, schedule.GetArrayLength());
        Assert.Equal(charged, schedule.EnumerateArray().Sum(p => p.GetProperty("amount").GetDecimal()));
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from billing.instalment_offers where account_id = @a and state = 'accepted'", ("a", over)));
        using var pdf = PdfDocument.Open(new BillPdf().Render(JsonSerializer.Deserialize<BillDocument>(json!, BillComposer.Json)!));
        Assert.Contains("График рассрочки", string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)), StringComparison.Ordinal);
        await LedgerInvariant.AssertHoldsAsync(Db);
    }

    [Fact]
    public async Task A_consumer_accepts_an_offer_in_the_cabinet_once_and_cannot_accept_someone_elses()
    {
        const string Email = "ivanov.sp@example.ru";
        var accountId = await Db.ScalarAsync<long>("""
            select a.id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            join contracts.consumers p on p.id = c.consumer_id where p.email = @e and a.closed_on is null order by a.id limit 1
            """, ("e", Email));
        var account = new DebtLedger.DemoAccount(accountId,
            await Db.ScalarAsync<long>("select premises_id from contracts.personal_accounts where id = @a", ("a", accountId)),
            await Db.ScalarAsync<long>("select supplier_id from contracts.personal_accounts where id = @a", ("a", accountId)));
        var october = new DateOnly(2026, 10, 1);
        await DebtLedger.PostAsync(host, DebtLedger.Charge(account, october, 3000m));
        var offerId = await Db.ScalarAsync<long>($"""
            insert into billing.instalment_offers (account_id, premises_id, supplier_id, period, charged, last_year, run_id, state, created_at)
            values ({account.Id}, {account.PremisesId}, {account.SupplierId}, date '2026-10-01', 3000, 2000, 0, 'offered', now()) returning id
            """);
        var otherOffer = await Db.ScalarAsync<long>($"""
            insert into billing.instalment_offers (account_id, premises_id, supplier_id, period, charged, last_year, run_id, state, created_at)
            select id, premises_id, supplier_id, date '2026-10-01', 3000, 2000, 0, 'offered', now() from contracts.personal_accounts
            where premises_id <> {account.PremisesId} order by id limit 1 returning id
            """);

        var browser = host.Factory.CreateBrowser();
        var signIn = await browser.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = Email, ["Password"] = "cabinet-demo" });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/cabinet/instalments", Cancel));
        Assert.Contains("Рассрочка платежа", page, StringComparison.Ordinal);
        var threeThousand = 3000m.ToString("N2", System.Globalization.CultureInfo.GetCultureInfo("ru-RU"));
        Assert.Contains(threeThousand, page, StringComparison.Ordinal);

        const string Url = "/cabinet/instalments";
        var tooLong = await browser.PostFormAsync(Url, Url + "?handler=Accept", new Dictionary<string, string> { ["offerId"] = $"{offerId}", ["months"] = "24" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Contains("от 2 до 12 месяцев", WebUtility.HtmlDecode(await tooLong.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);
        var accepted = await browser.PostFormAsync(Url, Url + "?handler=Accept", new Dictionary<string, string> { ["offerId"] = $"{offerId}", ["months"] = "4" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains($"Рассрочка оформлена: {threeThousand} ₽ на 4 мес.", WebUtility.HtmlDecode(await accepted.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);
        var again = await browser.PostFormAsync(Url, Url + "?handler=Accept", new Dictionary<string, string> { ["offerId"] = $"{offerId}", ["months"] = "4" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(5L, await Db.ScalarAsync<long>("select count(*) from billing.ledger_entries where reference_id = @o and kind = 6", ("o", offerId)));
        Assert.Equal([-3000m, 750m, 750m, 750m, 750m], (await Db.ColumnAsync($"select amount from billing.ledger_entries where reference_id = {offerId} and kind = 6 order by for_period"))
            .Select(v => decimal.Parse(v, System.Globalization.CultureInfo.InvariantCulture)));

        // Someone else's offer, and an unknown one, are "not found"; a post without the antiforgery token is refused.
        var others = await browser.PostFormAsync(Url, Url + "?handler=Accept", new Dictionary<string, string> { ["offerId"] = $"{otherOffer}", ["months"] = "3" });
        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        Assert.Equal("offered", await Db.ScalarAsync<string>("select state from billing.instalment_offers where id = @id", ("id", otherOffer)));
        var noToken = await browser.PostAsync(Url + "?handler=Accept", new FormUrlEncodedContent(new Dictionary<string, string> { ["offerId"] = $"{offerId}", ["months"] = "3" }), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        await LedgerInvariant.AssertHoldsAsync(Db);
    }
}
