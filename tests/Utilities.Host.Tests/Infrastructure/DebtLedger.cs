using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing.Data;
using Utilities.Billing.Ledger;

namespace Utilities.Host.Tests.Infrastructure;

/// <summary>
/// Scenarios of debts for penalty, warning and instalment tests: ledger entries posted through the
/// only writer, the ledger stage of a run for a period (its steps included), and the ledger's
/// invariant is <see cref="LedgerInvariant"/>.
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
}
