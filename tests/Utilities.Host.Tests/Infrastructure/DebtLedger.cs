using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing.Data;
using Utilities.Billing.Ledger;

namespace Utilities.Host.Tests.Infrastructure;

/// <summary>
/// Scenarios of debts for penalty, warning and instalment tests: ledger entries posted through the
/// only writer, the ledger stage of a run for a period (its steps included), and the ledger's
/// invariant (Σ entries = balances, Σ principal entries of a month = its open debt).
/// </summary>
internal static class DebtLedger
{
    public sealed record DemoAccount(long Id, long PremisesId, long SupplierId);

    public static async Task<DemoAccount> AccountAsync(TestDatabase db, string utility, int offset)
    {
        var id = await db.ScalarAsync<long>(
            "select id from contracts.personal_accounts where utility = @u and closed_on is null order by id offset @o limit 1", ("u", utility), ("o", offset));
        var premises = await db.ScalarAsync<long>("select premises_id from contracts.personal_accounts where id = @id", ("id", id));
        var supplier = await db.ScalarAsync<long>("select supplier_id from contracts.personal_accounts where id = @id", ("id", id));
        return new DemoAccount(id, premises, supplier);
    }

    public static async Task PostAsync(HostFixture host, params NewLedgerEntry[] entries)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        await LedgerWriter.PostAsync(db, entries, 15, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
    }

    public static NewLedgerEntry Charge(DemoAccount a, DateOnly month, decimal amount) =>
        new(a.Id, a.PremisesId, a.SupplierId, month, month.AddMonths(1).AddDays(-1), LedgerKind.Charge, amount);

    public static NewLedgerEntry Payment(DemoAccount a, DateOnly month, DateOnly paidOn, decimal amount) =>
        new(a.Id, a.PremisesId, a.SupplierId, month, paidOn, LedgerKind.Payment, -amount);

    /// <summary>The ledger stage of a run of <paramref name="period"/> (a run row of its own; the stage takes back the period's earlier runs).</summary>
    public static async Task<long> RunLedgerAsync(HostFixture host, DateOnly period)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        var run = new BillingRun { Period = period, State = "completed", Stage = "completed", StartedBy = "test", StartedAt = DateTimeOffset.UtcNow };
        db.Runs.Add(run);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        await scope.ServiceProvider.GetRequiredService<RunLedger>().PostAsync(run, TestContext.Current.CancellationToken);
        return run.Id;
    }

    public static async Task AssertInvariantAsync(TestDatabase db)
    {
        Assert.Empty(await db.ColumnAsync("""
            select coalesce(l.account_id, b.account_id)::text from
                (select account_id, sum(amount) as total, coalesce(sum(amount) filter (where kind in (2, 3)), 0) as penalties from billing.ledger_entries group by account_id) l
            full join billing.account_balances b on b.account_id = l.account_id
            where coalesce(l.total, 0) <> coalesce(b.balance, 0) or coalesce(l.penalties, 0) <> coalesce(b.penalties, 0)
            """));
        Assert.Empty(await db.ColumnAsync("""
            select coalesce(l.account_id, d.account_id) || ' ' || coalesce(l.for_period, d.for_period) from
                (select account_id, for_period, sum(amount) as open from billing.ledger_entries
                 where for_period is not null and kind in (0, 1, 4, 5, 6) group by account_id, for_period) l
            full join billing.debts d on d.account_id = l.account_id and d.for_period = l.for_period
            where coalesce(l.open, 0) <> coalesce(d.open, 0)
            """));
    }
}
