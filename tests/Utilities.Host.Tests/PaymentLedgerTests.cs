using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing;
using Utilities.Billing.Data;
using Utilities.Billing.Payments;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>A host whose demo data is billed for November 2026 (the ledger holds its charges).</summary>
public sealed class BilledHostFixture : HostFixture
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IBillingRuns>().RunAsync(new DateOnly(2026, 11, 1), "test", null, CancellationToken.None);
        if (result.Error is not null)
            throw new InvalidOperationException(result.Error);
    }
}

/// <summary>
/// The ledger and payment allocation (issue 7; domain.md, "Payments, debts, penalties"): Σ entries =
/// balances after every scenario; a payment goes to the month named on it, else the oldest debt
/// first, pro rata across that month's services; what is left is an advance (prepayment) that the
/// next charges consume; a payment posted twice counts once; bad input stores nothing.
/// </summary>
public sealed class PaymentLedgerTests(BilledHostFixture host) : IClassFixture<BilledHostFixture>
{
    private static readonly DateOnly October = new(2026, 10, 1);
    private static readonly DateOnly November = new(2026, 11, 1);

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<PaymentOutcome> PayAsync(string reference, decimal amount, string? source = null, DateOnly? period = null, string target = PaymentTargets.Bill)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PaymentPosting>().PostAsync(
            new PaymentRequest(source ?? "test:" + Guid.NewGuid(), PaymentChannels.Office, target, reference, amount, new DateOnly(2026, 11, 20), period, "test"), Cancel);
    }

    /// <summary>A premises billed for November with at least <paramref name="accounts"/> accounts, and not yet paid by another test.</summary>
    private async Task<(long PremisesId, string PayerCode)> PremisesAsync(int accounts, int skip)
    {
        var id = await Db.ScalarAsync<long>($"""
            select b.premises_id from billing.account_balances b
            where not exists (select 1 from billing.payments p where p.premises_id = b.premises_id)
            group by b.premises_id having count(*) >= {accounts} and bool_and(b.balance > 0)
            order by b.premises_id offset {skip} limit 1
            """);
        Assert.NotEqual(0, id);
        return (id, (await Db.ScalarAsync<string>("select payer_code from contracts.premises where id = @p", ("p", id)))!);
    }

    /// <summary>The premises' open repair-fund contributions: a bill's payment pays them pro rata with the services, in the regional operator's buildings (issue 8).</summary>
    private Task<decimal> FundDueAsync(long premisesId, DateOnly? month = null) => Db.ScalarAsync<decimal>(
        "select coalesce(sum(o), 0) from (select sum(amount) as o from repair_fund.entries where premises_id = @p and for_period is not null and kind <> 4"
        + " and building_id in (select building_id from repair_fund.funds where account_kind <> 'special')"
        + (month is null ? string.Empty : $" and for_period = '{month:yyyy-MM-dd}'") + " group by for_period having sum(amount) > 0) x",
        ("p", premisesId));

    private Task<decimal> DueAsync(long premisesId) => Db.ScalarAsync<decimal>("select sum(balance) from billing.account_balances where premises_id = @p", ("p", premisesId));

    [Fact]
    public void A_payment_short_of_the_oldest_month_is_split_pro_rata_across_its_services_to_the_kopeck()
    {
        IReadOnlyList<OpenItem> open = [new(1, 10, October, 60m), new(2, 20, October, 30m), new(3, 30, October, 10m), new(1, 10, November, 50m)];

        var paid = PaymentAllocator.Allocate(50m, null, AllocationOrder.OldestFirst, open, [], []);

        Assert.Equal([30.00m, 15.00m, 5.00m], paid.Select(a => a.Amount));
        Assert.All(paid, a => Assert.Equal(October, a.Period));
        // 10 split 1:1:1 → 3.34 + 3.33 + 3.33 (the kopeck lost to rounding goes to the largest remainder, the first on a tie).
        Assert.Equal([3.34m, 3.33m, 3.33m], PaymentAllocator.Split(10m, [1m, 1m, 1m]));
    }

    [Fact]
    public void A_payment_pays_the_month_named_on_it_first_then_the_oldest_then_penalties_and_leaves_the_rest_as_an_advance()
    {
        IReadOnlyList<OpenItem> open = [new(1, 10, October, 60m), new(1, 10, November, 50m)];

        var paid = PaymentAllocator.Allocate(200m, November, AllocationOrder.OldestFirst, open, [new OpenPenalty(1, 10, 4.5m)], [new AdvanceShare(1, 10, 3m), new AdvanceShare(2, 20, 1m)]);

        Assert.Equal(
            ["Principal 2026-11-01 50", "Principal 2026-10-01 60", "Penalty  4.5", "Advance  64.13", "Advance  21.37"],
            paid.Select(a => $"{a.Kind} {a.Period:yyyy-MM-dd} {a.Amount:0.##}"));
        Assert.Equal(200m, paid.Sum(a => a.Amount));
    }

    [Fact]
    public void Newest_first_allocation_is_a_setting_and_pays_the_latest_month_first()
    {
        IReadOnlyList<OpenItem> open = [new(1, 10, October, 60m), new(1, 10, November, 50m)];

        var paid = PaymentAllocator.Allocate(70m, null, AllocationOrder.NewestFirst, open, [], []);

        Assert.Equal(["2026-11-01 50", "2026-10-01 20"], paid.Select(a => $"{a.Period:yyyy-MM-dd} {a.Amount:0.##}"));
    }

    [Fact]
    public async Task A_premises_payment_lowers_its_balance_by_the_amount_pro_rata_over_its_accounts_and_the_ledger_stays_equal_to_the_balances()
    {
        var (premisesId, payerCode) = await PremisesAsync(accounts: 2, skip: 0);
        var due = await DueAsync(premisesId);
        var debts = await Db.ColumnAsync($"select account_id || '|' || open from billing.debts where premises_id = {premisesId} and for_period = '2026-11-01' order by account_id");
        var fund = await FundDueAsync(premisesId, November);
        var half = Math.Round(due / 2, 2);

        var outcome = await PayAsync(payerCode, half);

        Assert.True(outcome.Posted);
        Assert.Null(outcome.Problem);
        Assert.Equal(due - half + outcome.RepairFundShare, await DueAsync(premisesId));
        var paid = await Db.ColumnAsync($"select account_id || '|' || -amount from billing.ledger_entries where payment_id = {outcome.PaymentId} and kind = 1 order by account_id");
        var expected = PaymentAllocator.Split(half, [.. debts.Select(d => decimal.Parse(d.Split('|')[1], System.Globalization.CultureInfo.InvariantCulture)), fund]);
        Assert.Equal(expected[^1], outcome.RepairFundShare);
        Assert.Equal(debts.Select((d, i) => d.Split('|')[0] + "|" + expected[i].ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)), paid);
        Assert.Equal(1L, await Db.ScalarAsync<long>(
            "select count(*) from billing.outbox o where type = 'billing.payments-received' and exists (select 1 from jsonb_array_elements(o.payload->'payments') p where (p->>'paymentId')::bigint = @id)", ("id", outcome.PaymentId!.Value)));
        await LedgerInvariant.AssertHoldsAsync(Db);
    }

    [Fact]
    public async Task Payments_of_one_premises_posted_at_the_same_moment_queue_and_never_pay_a_month_twice()
    {
        // Each of eight payments is 30 % of what is due, posted at once: had two read the same open months before the
        // other stored its split, both would pay them and a month's debt would go below zero.
        var (premisesId, payerCode) = await PremisesAsync(accounts: 2, skip: 5);
        var due = await DueAsync(premisesId);
        var part = Math.Round(due * 0.3m, 2);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => PayAsync(payerCode, part))));

        Assert.All(outcomes, o => Assert.True(o.Posted));
        Assert.Equal(0L, await Db.ScalarAsync<long>("select count(*) from billing.debts where premises_id = @p and open < 0", ("p", premisesId)));
        Assert.Equal(due - 8 * part + outcomes.Sum(o => o.RepairFundShare), await DueAsync(premisesId));
        // Once the months are paid the rest is an advance: Σ advances = what was paid beyond the months and the fund.
        Assert.True(outcomes.Sum(o => o.Advance) > 0);
        await LedgerInvariant.AssertHoldsAsync(Db);
    }

    [Fact]
    public async Task The_same_payment_posted_twice_counts_once_and_is_answered_as_the_first()
    {
        var (premisesId, payerCode) = await PremisesAsync(accounts: 1, skip: 1);
        var due = await DueAsync(premisesId);
        var source = "test:twice:" + Guid.NewGuid();

        var first = await PayAsync(payerCode, 100m, source);
        var second = await PayAsync(payerCode, 100m, source);

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.PaymentId, second.PaymentId);
        Assert.Equal(first.ReceiptNumber, second.ReceiptNumber);
        Assert.Equal(due - 100m + first.RepairFundShare, await DueAsync(premisesId));
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from billing.payments where source = @s", ("s", source)));
        await LedgerInvariant.AssertHoldsAsync(Db);
    }

    [Theory]
    [InlineData(-100, "AmountNotPositive")]
    [InlineData(0, "AmountNotPositive")]
    [InlineData(12.345, "AmountFractionalKopecks")]
    [InlineData(20000000, "AmountTooLarge")]
    public async Task A_bad_amount_is_refused_with_its_reason_and_stores_nothing(decimal amount, string problem)
    {
        var (_, payerCode) = await PremisesAsync(accounts: 1, skip: 2);
        var payments = await Db.ScalarAsync<long>("select count(*) from billing.payments");
        var entries = await Db.ScalarAsync<long>("select count(*) from billing.ledger_entries");

        var outcome = await PayAsync(payerCode, amount);

        Assert.False(outcome.Posted);
        Assert.Equal(problem, outcome.Problem?.ToString());
        Assert.Equal(payments, await Db.ScalarAsync<long>("select count(*) from billing.payments"));
        Assert.Equal(entries, await Db.ScalarAsync<long>("select count(*) from billing.ledger_entries"));
    }

    [Fact]
    public async Task A_payment_naming_an_unknown_account_is_refused_and_stores_nothing()
    {
        var payments = await Db.ScalarAsync<long>("select count(*) from billing.payments");

        var outcome = await PayAsync("НЕТ-ТАКОГО-00000", 100m);

        Assert.Equal(PaymentProblem.UnknownReference, outcome.Problem);
        Assert.Equal(payments, await Db.ScalarAsync<long>("select count(*) from billing.payments"));
    }

    [Fact]
    public async Task A_payment_naming_one_account_pays_only_that_account()
    {
        var (premisesId, _) = await PremisesAsync(accounts: 2, skip: 3);
        var account = await Db.ScalarAsync<long>("select account_id from billing.account_balances where premises_id = @p order by account_id desc limit 1", ("p", premisesId));
        var number = await Db.ScalarAsync<string>("select number from contracts.personal_accounts where id = @a", ("a", account));
        var before = await Db.ColumnAsync($"select account_id || '|' || balance from billing.account_balances where premises_id = {premisesId} and account_id <> {account} order by 1");

        var outcome = await PayAsync(number!, 10m);

        Assert.True(outcome.Posted);
        Assert.Equal([account.ToString(System.Globalization.CultureInfo.InvariantCulture)], await Db.ColumnAsync($"select distinct account_id from billing.ledger_entries where payment_id = {outcome.PaymentId}"));
        Assert.Equal(before, await Db.ColumnAsync($"select account_id || '|' || balance from billing.account_balances where premises_id = {premisesId} and account_id <> {account} order by 1"));
        await LedgerInvariant.AssertHoldsAsync(Db);
    }

    [Fact]
    public async Task An_advance_is_consumed_by_the_next_months_charges_and_a_rerun_does_not_count_it_twice()
    {
        var (premisesId, payerCode) = await PremisesAsync(accounts: 2, skip: 4);
        var due = await DueAsync(premisesId);

        var outcome = await PayAsync(payerCode, due + await FundDueAsync(premisesId) + 5000m);

        Assert.Equal(5000m, outcome.Advance);
        Assert.Equal(-5000m, await DueAsync(premisesId));
        Assert.Equal(-5000m, await Db.ScalarAsync<decimal>("select sum(advance) from billing.account_balances where premises_id = @p", ("p", premisesId)));
        await LedgerInvariant.AssertHoldsAsync(Db);

        await using (var scope = host.Factory.Services.CreateAsyncScope())
            Assert.Null((await scope.ServiceProvider.GetRequiredService<IBillingRuns>().RunAsync(new DateOnly(2026, 12, 1), "test", null, Cancel)).Error);
        var december = await Db.ScalarAsync<decimal>("select coalesce(sum(amount), 0) from billing.charge_lines where period = '2026-12-01' and premises_id = @p", ("p", premisesId));
        var applied = await Db.ScalarAsync<decimal>(
            "select coalesce(-sum(amount), 0) from billing.ledger_entries where premises_id = @p and kind = 5 and for_period = '2026-12-01'", ("p", premisesId));
        var bill = await Db.ScalarAsync<decimal>("select total_due from billing.bills where period = '2026-12-01' and premises_id = @p", ("p", premisesId));

        Assert.True(december > 0);
        Assert.Equal(Math.Min(december, 5000m), applied);
        Assert.Equal(december - 5000m, await DueAsync(premisesId));
        Assert.Equal(december - 5000m, bill);
        await LedgerInvariant.AssertHoldsAsync(Db);

        // A second run of the open period takes back the first one's charges and advance applied, and posts them again.
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            Assert.Null((await scope.ServiceProvider.GetRequiredService<IBillingRuns>().RunAsync(new DateOnly(2026, 12, 1), "test", null, Cancel)).Error);

        Assert.Equal(december - 5000m, await DueAsync(premisesId));
        Assert.Equal(applied, await Db.ScalarAsync<decimal>(
            "select coalesce(-sum(amount), 0) from billing.ledger_entries where premises_id = @p and kind = 5 and for_period = '2026-12-01'", ("p", premisesId)));
        await LedgerInvariant.AssertHoldsAsync(Db);
    }

    [Fact]
    public async Task An_advance_on_one_service_pays_what_another_service_of_the_premises_owes_oldest_month_first()
    {
        var (premisesId, _) = await PremisesAsync(accounts: 2, skip: 6);
        var first = await Db.ScalarAsync<long>("select account_id from billing.account_balances where premises_id = @p order by account_id limit 1", ("p", premisesId));
        var other = await Db.ScalarAsync<long>("select account_id from billing.account_balances where premises_id = @p and account_id <> @a order by account_id limit 1", ("p", premisesId), ("a", first));
        var number = await Db.ScalarAsync<string>("select number from contracts.personal_accounts where id = @a", ("a", first));
        var firstDue = await Db.ScalarAsync<decimal>("select balance from billing.account_balances where account_id = @a", ("a", first));
        var othersDue = await Db.ScalarAsync<decimal>("select sum(balance) from billing.account_balances where premises_id = @p and account_id <> @a", ("p", premisesId), ("a", first));
        var otherDue = await Db.ScalarAsync<decimal>("select balance from billing.account_balances where account_id = @a", ("a", other));
        var premisesDue = await DueAsync(premisesId);
        var paid = await PayAsync(number!, firstDue + 1000m);
        Assert.Equal(1000m, paid.Advance);
        // What the advance should pay: the premises' open months oldest first, then by account (another test may have billed December too).
        var open = (await Db.ColumnAsync($"select account_id || '|' || open from billing.debts where premises_id = {premisesId} and open > 0 order by for_period, account_id"))
            .Select(r => (Account: long.Parse(r.Split('|')[0], System.Globalization.CultureInfo.InvariantCulture), Open: decimal.Parse(r.Split('|')[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var left = 1000m;
        var toOther = 0m;
        foreach (var (account, amount) in open)
        {
            var piece = Math.Min(left, amount);
            left -= piece;
            if (account == other)
                toOther += piece;
        }

        Assert.DoesNotContain(open, o => o.Account == first);

        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
            await Utilities.Billing.Ledger.RunLedger.ApplyAdvancesAsync(db, null, new DateOnly(2026, 11, 30), 15, DateTimeOffset.UtcNow, Cancel);
            await transaction.CommitAsync(Cancel);
        }

        var moved = Math.Min(1000m, othersDue);
        Assert.True(toOther > 0);
        Assert.Equal(otherDue - toOther, await Db.ScalarAsync<decimal>("select balance from billing.account_balances where account_id = @a", ("a", other)));
        Assert.Equal(-(1000m - moved), await Db.ScalarAsync<decimal>("select advance from billing.account_balances where account_id = @a", ("a", first)));
        Assert.Equal(premisesDue - firstDue - 1000m, await DueAsync(premisesId));
        await LedgerInvariant.AssertHoldsAsync(Db);
    }

    [Fact]
    public async Task A_payment_straight_into_the_repair_fund_touches_no_service_and_sends_the_fund_its_amount()
    {
        var (premisesId, payerCode) = await PremisesAsync(accounts: 1, skip: 5);
        var due = await DueAsync(premisesId);

        var outcome = await PayAsync(payerCode, 700m, target: PaymentTargets.RepairFund);

        Assert.Equal(700m, outcome.RepairFundShare);
        Assert.Equal(due, await DueAsync(premisesId));
        Assert.Equal(0L, await Db.ScalarAsync<long>($"select count(*) from billing.ledger_entries where payment_id = {outcome.PaymentId}"));
        Assert.Equal(1L, await Db.ScalarAsync<long>(
            "select count(*) from billing.outbox o where type = 'billing.repair-fund-payments-allocated' and exists (select 1 from jsonb_array_elements(o.payload->'shares') p where (p->>'paymentId')::bigint = @id and (p->>'amount')::numeric = 700)", ("id", outcome.PaymentId!.Value)));
    }
}
