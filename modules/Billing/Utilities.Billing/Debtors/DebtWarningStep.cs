using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Utilities.Billing.Data;
using Utilities.Billing.Events;
using Utilities.Billing.Ledger;
using Utilities.Billing.Runs;
using Utilities.Contracts;
using Utilities.Metering;
using Utilities.Platform.Messaging;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Debtors;

/// <summary>
/// Debt warnings of a run (after its penalties): an account's overdue debt (months due by the
/// period's end) at or over a threshold of <see cref="BillingSettings.DebtWarningThresholds"/> is
/// warned once while it stays over it; a service's debt over <see cref="BillingSettings.RestrictionNormCharges"/>
/// monthly norm-based charges gets the written warning before a restriction with its deadline,
/// except the utilities of <see cref="BillingSettings.RestrictionExemptUtilities"/>. One event
/// with the run's new warnings, in the ledger stage's transaction.
/// </summary>
internal sealed class DebtWarningStep(
    ISettings settings,
    IClock clock,
    IBillingFacts facts,
    IConsumptionQuery consumption,
    IEnumerable<IUtilityPlugin> plugins) : IRunLedgerStep
{
    private const int FactsChunk = 10_000;

    public int Order => 30;

    public async Task ExecuteAsync(BillingDbContext db, BillingRun run, CancellationToken cancellationToken)
    {
        var end = run.Period.AddMonths(1).AddDays(-1);
        var today = await clock.TodayAsync(cancellationToken);
        var thresholds = ParseAmounts(await settings.GetAsync(BillingSettings.DebtWarningThresholds, end, cancellationToken));
        var overdue = await OverdueAsync(db, end, cancellationToken);
        var limits = await RestrictionLimitsAsync(db, run, overdue, cancellationToken);

        // What is no longer over its threshold (or limit) is cleared, so a new debt is warned again.
        var candidates = new List<(long Account, long Premises, string Kind, decimal Threshold, decimal Limit, decimal Debt, DateOnly? Deadline)>();
        foreach (var (account, (premises, debt)) in overdue)
        {
            foreach (var threshold in thresholds.Where(t => debt >= t))
                candidates.Add((account, premises, DebtWarningKinds.Threshold, threshold, threshold, debt, null));
        }

        var days = await settings.GetAsync(BillingSettings.RestrictionWarningDays, end, cancellationToken);
        foreach (var (account, limit) in limits)
        {
            var (premises, debt) = overdue[account];
            if (debt > limit)
                candidates.Add((account, premises, DebtWarningKinds.Restriction, 0m, limit, debt, today.AddDays(days)));
        }

        var accounts = new NpgsqlParameter("accounts", candidates.Select(c => c.Account).ToArray());
        var kinds = new NpgsqlParameter("kinds", candidates.Select(c => c.Kind).ToArray());
        var levels = new NpgsqlParameter("thresholds", candidates.Select(c => c.Threshold).ToArray());
        await db.Database.ExecuteSqlRawAsync("""
            update billing.debt_warnings w set cleared_on = @today
            where w.cleared_on is null
              and not exists (select 1 from unnest(@accounts, @kinds, @thresholds) c(account_id, kind, threshold)
                              where c.account_id = w.account_id and c.kind = w.kind and c.threshold = w.threshold)
            """, [new NpgsqlParameter("today", today), accounts, kinds, levels], cancellationToken);

        var issued = new List<DebtWarning>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var insert = new NpgsqlCommand("""
                insert into billing.debt_warnings (account_id, premises_id, kind, threshold, limit_amount, debt, period, run_id, issued_on, deadline, created_at)
                select c.account_id, c.premises_id, c.kind, c.threshold, c.limit_amount, c.debt, @period, @run, @today, c.deadline, @now
                from unnest(@accounts, @premises, @kinds, @thresholds, @limits, @debts, @deadlines)
                    as c(account_id, premises_id, kind, threshold, limit_amount, debt, deadline)
                on conflict (account_id, kind, threshold) where cleared_on is null do nothing
                returning account_id, premises_id, kind, limit_amount, debt, deadline
                """, (NpgsqlConnection)db.Database.GetDbConnection())
            {
                CommandTimeout = 0,
                Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(),
            };
            insert.Parameters.AddWithValue("accounts", candidates.Select(c => c.Account).ToArray());
            insert.Parameters.AddWithValue("premises", candidates.Select(c => c.Premises).ToArray());
            insert.Parameters.AddWithValue("kinds", candidates.Select(c => c.Kind).ToArray());
            insert.Parameters.AddWithValue("thresholds", candidates.Select(c => c.Threshold).ToArray());
            insert.Parameters.AddWithValue("limits", candidates.Select(c => c.Limit).ToArray());
            insert.Parameters.AddWithValue("debts", candidates.Select(c => c.Debt).ToArray());
            insert.Parameters.Add(new NpgsqlParameter("deadlines", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Date) { Value = candidates.Select(c => c.Deadline).ToArray() });
            insert.Parameters.AddWithValue("period", run.Period);
            insert.Parameters.AddWithValue("run", run.Id);
            insert.Parameters.AddWithValue("today", today);
            insert.Parameters.AddWithValue("now", clock.Now);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                issued.Add(new DebtWarning(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetDecimal(3), reader.GetDecimal(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (issued.Count > 0)
        {
            db.Publish(new DebtWarningsIssued(run.Id, run.Period, issued), clock.Now);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    internal static decimal[] ParseAmounts(string text) =>
        text.Split(',', ';', ' ').Select(p => p.Trim())
            .Select(p => decimal.TryParse(p, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : 0m)
            .Where(v => v > 0).Distinct().Order().ToArray();

    /// <summary>Overdue debt per account: the open principal of the months due by <paramref name="end"/>.</summary>
    private static async Task<Dictionary<long, (long Premises, decimal Debt)>> OverdueAsync(BillingDbContext db, DateOnly end, CancellationToken cancellationToken)
    {
        var rows = await db.Debts.AsNoTracking().Where(d => d.Owing && d.DueDate <= end)
            .GroupBy(d => d.AccountId)
            .Select(g => new { g.Key, Premises = g.Min(d => d.PremisesId), Debt = g.Sum(d => d.Open) })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Key, r => (r.Premises, r.Debt));
    }

    /// <summary>The restriction limit (N × the monthly norm-based charge) of each debtor's service that may be restricted.</summary>
    private async Task<Dictionary<long, decimal>> RestrictionLimitsAsync(
        BillingDbContext db, BillingRun run, Dictionary<long, (long Premises, decimal Debt)> overdue, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, decimal>();
        if (overdue.Count == 0)
            return result;
        var end = run.Period.AddMonths(1).AddDays(-1);
        var times = await settings.GetAsync(BillingSettings.RestrictionNormCharges, end, cancellationToken);
        var exempt = (await settings.GetAsync(BillingSettings.RestrictionExemptUtilities, end, cancellationToken))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var context = await PeriodContext.LoadAsync(run.Period, db, settings, consumption, plugins, cancellationToken);
        foreach (var chunk in overdue.Keys.Order().Chunk(FactsChunk))
        {
            foreach (var account in await facts.AccountsAsync(chunk, cancellationToken))
            {
                if (exempt.Contains(account.Utility) || NormCharge.Monthly(context, account) is not { } monthly || monthly <= 0)
                    continue;
                result[account.AccountId] = Math.Round(monthly * times, 2, MidpointRounding.AwayFromZero);
            }
        }

        return result;
    }
}
