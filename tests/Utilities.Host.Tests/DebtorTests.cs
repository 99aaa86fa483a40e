using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing.Debtors;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Platform.Time;

namespace Utilities.Host.Tests;

/// <summary>
/// Debtors (issue 7): debt warnings at the thresholds of the setting, once per account and
/// threshold, one event per run; the restriction rule (over 2 monthly norm-based charges, not for
/// heating); the operators' debtor list with aging buckets, filters and paging. Against PostgreSQL.
/// </summary>
public sealed class DebtorTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static readonly DateOnly January = new(2026, 1, 1);
    private static readonly DateOnly May = new(2026, 5, 1);
    private static readonly DateOnly June = new(2026, 6, 1);

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<long> WarningsAsync(long accountId, string kind, decimal threshold) =>
        await Db.ScalarAsync<long>("select count(*) from billing.debt_warnings where account_id = @a and kind = @k and threshold = @t",
            ("a", accountId), ("k", kind), ("t", threshold));

    [Fact]
    public async Task Warnings_go_out_once_per_threshold_with_one_event_per_run_and_the_restriction_warning_spares_heating()
    {
        var power = await DebtLedger.AccountAsync(Db, "electricity", 1);
        var heating = await DebtLedger.AccountAsync(Db, "heating", 1);
        await DebtLedger.PostAsync(host, DebtLedger.Charge(power, January, 3500m), DebtLedger.Charge(heating, January, 50_000m));
        var events = await Db.ScalarAsync<long>("select count(*) from billing.outbox where type = 'billing.debt-warnings-issued'");

        await DebtLedger.RunLedgerAsync(host, May);

        Assert.Equal(1L, await WarningsAsync(power.Id, DebtWarningKinds.Threshold, 3000m));
        Assert.Equal(0L, await WarningsAsync(power.Id, DebtWarningKinds.Threshold, 10_000m));
        Assert.Equal(1L, await WarningsAsync(heating.Id, DebtWarningKinds.Threshold, 10_000m));
        Assert.Equal(0L, await WarningsAsync(heating.Id, DebtWarningKinds.Restriction, 0m)); // heating is never restricted in apartment buildings
        Assert.Equal(events + 1, await Db.ScalarAsync<long>("select count(*) from billing.outbox where type = 'billing.debt-warnings-issued'"));
        var payload = await Db.ScalarAsync<string>("select payload from billing.outbox where type = 'billing.debt-warnings-issued' order by occurred_at desc limit 1");
        Assert.Contains(power.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), payload, StringComparison.Ordinal);

        // The next run: the same debt is not warned again.
        await DebtLedger.RunLedgerAsync(host, June);
        Assert.Equal(1L, await WarningsAsync(power.Id, DebtWarningKinds.Threshold, 3000m));

        // More debt: the 10,000 threshold, and (over 2 monthly norm-based charges of electricity) the restriction warning with 20 days.
        await DebtLedger.PostAsync(host, DebtLedger.Charge(power, January.AddMonths(1), 8000m));
        await DebtLedger.RunLedgerAsync(host, June);
        Assert.Equal(1L, await WarningsAsync(power.Id, DebtWarningKinds.Threshold, 3000m));
        Assert.Equal(1L, await WarningsAsync(power.Id, DebtWarningKinds.Threshold, 10_000m));
        var today = await host.Factory.Services.GetRequiredService<IClock>().TodayAsync(Cancel);
        Assert.Equal(1L, await Db.ScalarAsync<long>(
            "select count(*) from billing.debt_warnings where account_id = @a and kind = 'restriction' and deadline = @d and debt > limit_amount and limit_amount > 0",
            ("a", power.Id), ("d", today.AddDays(20))));

        // Paid down under 3,000: the warnings are cleared, so a new debt would be warned again.
        await DebtLedger.PostAsync(host, DebtLedger.Payment(power, January, today, 3500m), DebtLedger.Payment(power, January.AddMonths(1), today, 8000m));
        await DebtLedger.RunLedgerAsync(host, June);
        Assert.Equal(0L, await Db.ScalarAsync<long>("select count(*) from billing.debt_warnings where account_id = @a and cleared_on is null", ("a", power.Id)));
        await LedgerInvariant.AssertHoldsAsync(Db);
    }

    [Fact]
    public void Aging_buckets_by_days_past_due()
    {
        Assert.Equal(AgingBucket.Days1To30, DebtorList.BucketOf(1));
        Assert.Equal(AgingBucket.Days1To30, DebtorList.BucketOf(30));
        Assert.Equal(AgingBucket.Days31To90, DebtorList.BucketOf(31));
        Assert.Equal(AgingBucket.Days31To90, DebtorList.BucketOf(90));
        Assert.Equal(AgingBucket.Days91To180, DebtorList.BucketOf(91));
        Assert.Equal(AgingBucket.Days91To180, DebtorList.BucketOf(180));
        Assert.Equal(AgingBucket.Over180, DebtorList.BucketOf(181));
    }

    [Fact]
    public async Task The_debtor_list_sorts_by_debt_with_aging_buckets_filters_and_the_page_for_operators()
    {
        var today = await host.Factory.Services.GetRequiredService<IClock>().TodayAsync(Cancel);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var accounts = new List<DebtLedger.DemoAccount>();
        var months = new[] { thisMonth.AddMonths(-2), thisMonth.AddMonths(-4), thisMonth.AddMonths(-6), thisMonth.AddMonths(-18) };
        for (var i = 0; i < months.Length; i++)
        {
            var account = await DebtLedger.AccountAsync(Db, "hot-water", i);
            accounts.Add(account);
            await DebtLedger.PostAsync(host, DebtLedger.Charge(account, months[i], 100_000m + (i * 1000m)));
        }

        await using var scope = host.Factory.Services.CreateAsyncScope();
        var list = scope.ServiceProvider.GetRequiredService<DebtorList>();
        var all = await list.ListAsync(new DebtorFilter(null, null, 100_000m, null, 1), today, Cancel);
        Assert.Equal(accounts.Select(a => a.Id).Reverse(), all.Rows.Select(r => r.AccountId)); // the largest debt first
        Assert.Equal(4, all.Total);
        for (var i = 0; i < months.Length; i++)
        {
            var row = all.Rows.Single(r => r.AccountId == accounts[i].Id);
            var due = new DateOnly(months[i].Year, months[i].Month, 1).AddMonths(1).AddDays(14);
            Assert.Equal(today.DayNumber - due.DayNumber, row.DaysPastDue);
            Assert.Equal(DebtorList.BucketOf(row.DaysPastDue), row.Bucket);
            Assert.NotNull(row.Account); // the address from Contracts

            var inBucket = await list.ListAsync(new DebtorFilter(null, null, 100_000m, row.Bucket, 1), today, Cancel);
            Assert.Contains(inBucket.Rows, r => r.AccountId == accounts[i].Id);
            Assert.All(inBucket.Rows, r => Assert.Equal(row.Bucket, r.Bucket));
        }

        var building = all.Rows[0].Account!.BuildingId;
        var inBuilding = await list.ListAsync(new DebtorFilter(building, null, 0m, null, 1), today, Cancel);
        Assert.All(inBuilding.Rows, r => Assert.Equal(building, r.Account!.BuildingId));
        var paged = await list.ListAsync(new DebtorFilter(null, null, 100_000m, null, 2, PageSize: 3), today, Cancel);
        Assert.Equal([accounts[0].Id], paged.Rows.Select(r => r.AccountId));

        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("operator", "operator-demo");
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/office/billing/debtors?min=100000", Cancel));
        Assert.Contains(all.Rows[0].Account!.Number, page, StringComparison.Ordinal);
        Assert.Contains("более 180 дней", page, StringComparison.Ordinal);
        var bad = await browser.GetAsync("/office/billing/debtors?min=abc", Cancel);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("должна быть числом", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/office/billing/debtors?utility=electricity&bucket=Over180", Cancel)).StatusCode);
        // A page number far beyond the list is an empty page, not a negative OFFSET (it was a 500).
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/office/billing/debtors?p=2147483647", Cancel)).StatusCode);
        await LedgerInvariant.AssertHoldsAsync(Db);
    }
}
