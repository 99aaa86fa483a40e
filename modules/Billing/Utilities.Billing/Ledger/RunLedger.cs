using Microsoft.EntityFrameworkCore;
using Npgsql;
using Utilities.Billing.Data;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Billing.Ledger;

/// <summary>
/// The ledger stage of a billing run, after its charges are committed and before its bills: one
/// charge entry per account for the period (Σ of its lines, recalculations included: they are
/// due with this bill), then advances consumed by the debts, oldest month first. Set-based, in one
/// transaction; a stage run again (a resumed run, a re-run of an open period) first takes back
/// what the period's earlier runs posted, so nothing is counted twice.
/// </summary>
internal sealed class RunLedger(BillingDbContext db, ISettings settings, IClock clock, IEnumerable<IRunLedgerStep> steps)
{
    public async Task PostAsync(BillingRun run, CancellationToken cancellationToken)
    {
        var dueDay = await settings.GetAsync(BillingSettings.PaymentDueDay, run.Period, cancellationToken);
        var periodEnd = run.Period.AddMonths(1).AddDays(-1);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await TakeBackAsync(run, dueDay, cancellationToken);
        await LedgerWriter.PostFromAsync(db, """
            select account_id, min(premises_id) as premises_id, min(supplier_id) as supplier_id, @period::date as for_period, @periodEnd::date as entry_date,
                   0::smallint as kind, sum(amount) as amount, @run::bigint as run_id, null::bigint as payment_id, null::bigint as reference_id, null::text as note
            from billing.charge_lines where period = @period group by account_id
            """, dueDay, clock.Now, cancellationToken,
            new NpgsqlParameter("period", run.Period), new NpgsqlParameter("periodEnd", periodEnd), new NpgsqlParameter("run", run.Id));
        await ApplyAdvancesAsync(db, run.Id, periodEnd, dueDay, clock.Now, cancellationToken);
        foreach (var step in steps.OrderBy(s => s.Order))
            await step.ExecuteAsync(db, run, cancellationToken);
        await db.Runs.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.LedgerPosted, true), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Advances (payments beyond every debt) paid into the debts of their accounts, oldest month
    /// first: a pair per month, + without a month, − on the month (the balance does not change).
    /// </summary>
    internal static Task<int> ApplyAdvancesAsync(BillingDbContext db, long? runId, DateOnly entryDate, int dueDay, DateTimeOffset now, CancellationToken cancellationToken) =>
        LedgerWriter.PostFromAsync(db, """
            with advance as (select account_id, -advance as available from billing.account_balances where advance < 0),
            owed as (
                select d.account_id, d.premises_id, d.supplier_id, d.for_period, d.open, a.available,
                       sum(d.open) over (partition by d.account_id order by d.for_period) as cumulative
                from billing.debts d join advance a on a.account_id = d.account_id where d.open > 0),
            applied as (
                select account_id, premises_id, supplier_id, for_period, least(open, available - (cumulative - open)) as amount
                from owed where available > cumulative - open)
            select account_id, premises_id, supplier_id, null::date, @entryDate::date, 5::smallint, amount, @run::bigint, null::bigint, null::bigint, null::text from applied
            union all
            select account_id, premises_id, supplier_id, for_period, @entryDate::date, 5::smallint, -amount, @run::bigint, null::bigint, null::bigint, null::text from applied
            """, dueDay, now, cancellationToken,
            new NpgsqlParameter("entryDate", entryDate), new NpgsqlParameter("run", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)runId ?? DBNull.Value });

    private async Task TakeBackAsync(BillingRun run, int dueDay, CancellationToken cancellationToken)
    {
        // The flag, not a search of the ledger: the first run of a period (the usual case) looks at no entry.
        var runs = await db.Runs.Where(r => r.Period == run.Period && r.LedgerPosted).Select(r => r.Id).ToArrayAsync(cancellationToken);
        if (runs.Length == 0)
            return;
        var ids = new NpgsqlParameter("runs", runs);
        await db.Database.ExecuteSqlRawAsync(
            "create temporary table taken_back on commit drop as select distinct account_id from billing.ledger_entries where run_id = any(@runs)", [ids], cancellationToken);
        await db.Database.ExecuteSqlRawAsync("delete from billing.ledger_entries where run_id = any(@runs)", [new NpgsqlParameter("runs", runs)], cancellationToken);
        await LedgerWriter.RebuildAsync(db, "select account_id from taken_back", dueDay, cancellationToken);
        await db.Runs.Where(r => runs.Contains(r.Id)).ExecuteUpdateAsync(u => u.SetProperty(r => r.LedgerPosted, false), cancellationToken);
    }
}

/// <summary>A further step of the ledger stage in its transaction (penalties, instalment offers, debt warnings), in <see cref="Order"/>.</summary>
internal interface IRunLedgerStep
{
    int Order { get; }

    Task ExecuteAsync(BillingDbContext db, BillingRun run, CancellationToken cancellationToken);
}
