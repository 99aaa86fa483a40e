using Microsoft.EntityFrameworkCore;
using Npgsql;
using Utilities.Billing.Data;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Billing.Ledger;

/// <summary>
/// The ledger stage of a billing run, after its charges are committed and before its bills: one
/// charge entry per account for the period (Σ of its lines, recalculations included: they are
/// due with this bill), then advances consumed by the debts of their premises, oldest month first. Set-based, in one
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
    /// Advances (payments beyond every debt) paid into the open months of their premises, oldest
    /// month first (then by account): the advances of the premises' accounts and its open months
    /// are laid end to end and matched where they overlap, each piece a pair of entries, + without a
    /// month on the account that had the advance, − on the month owed. The premises' total does not
    /// change; a service's advance pays another service of the same premises, as a premises payment
    /// would have.
    /// </summary>
    internal static Task<int> ApplyAdvancesAsync(BillingDbContext db, long? runId, DateOnly entryDate, int dueDay, DateTimeOffset now, CancellationToken cancellationToken) =>
        LedgerWriter.PostFromAsync(db, """
            with advance as (
                select premises_id, account_id, supplier_id, -advance as amount,
                       sum(-advance) over (partition by premises_id order by account_id) as upto
                from billing.account_balances where advance < 0),
            owed as (
                select d.premises_id, d.account_id, d.supplier_id, d.for_period, d.open as amount,
                       sum(d.open) over (partition by d.premises_id order by d.for_period, d.account_id) as upto
                from billing.debts d
                where d.owing and d.premises_id in (select premises_id from advance)),
            pieces as (
                select a.account_id as from_account, a.supplier_id as from_supplier, o.account_id as to_account, o.supplier_id as to_supplier,
                       o.premises_id, o.for_period, least(a.upto, o.upto) - greatest(a.upto - a.amount, o.upto - o.amount) as amount
                from advance a join owed o on o.premises_id = a.premises_id
                where o.upto - o.amount < a.upto and a.upto - a.amount < o.upto)
            select from_account, premises_id, from_supplier, null::date, @entryDate::date, 5::smallint, amount, @run::bigint, null::bigint, null::bigint, null::text from pieces
            union all
            select to_account, premises_id, to_supplier, for_period, @entryDate::date, 5::smallint, -amount, @run::bigint, null::bigint, null::bigint, null::text from pieces
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
