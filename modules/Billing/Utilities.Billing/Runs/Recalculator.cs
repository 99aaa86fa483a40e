using Microsoft.EntityFrameworkCore;
using Npgsql;
using Utilities.Billing.Data;
using Utilities.Contracts;
using Utilities.Metering;
using Utilities.Platform.Settings;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Runs;

/// <summary>
/// Recalculation of closed periods (domain.md, "Charges, recalculation, bills"): each pending
/// request charges its period again from today's data (a confirmed or rejected reading, a
/// faulty meter found later, an absence); when the result differs from what still counts for
/// that period, the run posts reversals of those lines and the new lines, with the reason, in
/// its own (open) period. Nothing of the closed period is changed.
/// </summary>
internal sealed class Recalculator(
    BillingDbContext db,
    IBillingFacts facts,
    IConsumptionQuery consumption,
    ISettings settings,
    IEnumerable<IUtilityPlugin> plugins)
{
    public async Task<(long Lines, decimal Amount)> RunAsync(BillingRun run, CancellationToken cancellationToken)
    {
        var pending = await db.Recalculations.Where(r => r.DoneRunId == null && r.ForPeriod < run.Period).ToListAsync(cancellationToken);
        if (pending.Count == 0)
            return (0, 0m);
        var accounts = (await facts.AccountsAsync(pending.Select(p => p.AccountId).Distinct().ToList(), cancellationToken)).ToDictionary(a => a.AccountId);
        var contexts = new Dictionary<DateOnly, PeriodContext>();
        var lines = new List<ChargeLineRow>();
        var estimations = new List<(DateOnly Period, long Account, List<Estimation> Rows)>();
        foreach (var group in pending.GroupBy(p => (p.AccountId, p.ForPeriod)).OrderBy(g => g.Key.AccountId).ThenBy(g => g.Key.ForPeriod))
        {
            var (accountId, period) = group.Key;
            if (!accounts.TryGetValue(accountId, out var account))
                continue;
            if (!contexts.TryGetValue(period, out var context))
                contexts[period] = context = await PeriodContext.LoadAsync(period, db, settings, consumption, plugins, cancellationToken);
            var charge = await ChargeAgainAsync(context, account, cancellationToken);
            if (charge.Problem is not null)
                continue;
            var reason = string.Join("; ", group.Select(g => g.Reason).Distinct());
            var existing = await Reversals.EffectiveAsync(db, accountId, period, period.AddMonths(1), cancellationToken);
            if (!Same(existing, charge.Lines))
            {
                lines.AddRange(existing.Select(l => Reversals.Of(l, reason)));
                lines.AddRange(charge.Lines.Select(l => l with
                {
                    ForPeriod = period,
                    Kind = ChargeKind.Recalculation,
                    Reason = reason,
                    ExplanationRu = "Перерасчёт за " + period.ToString("MM.yyyy", System.Globalization.CultureInfo.InvariantCulture) + ": " + l.ExplanationRu,
                    ExplanationEn = "Recalculation of " + period.ToString("MM.yyyy", System.Globalization.CultureInfo.InvariantCulture) + ": " + l.ExplanationEn,
                }));
                estimations.Add((period, accountId, charge.Estimations.ToList()));
            }

            foreach (var request in group)
            {
                request.DoneRunId = run.Id;
                request.DoneInPeriod = run.Period;
            }
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var written = await ChargeWriter.WriteLinesAsync(connection, run.Id, run.Period, lines, cancellationToken);
            foreach (var (period, account, rows) in estimations)
            {
                await db.Database.ExecuteSqlAsync($"delete from billing.estimations where period = {period} and account_id = {account}", cancellationToken);
                await ChargeWriter.WriteEstimationsAsync(connection, run.Id, period, rows, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (written, lines.Sum(l => l.Amount));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The account's charge of a past period from today's data.</summary>
    private async Task<AccountCharge> ChargeAgainAsync(PeriodContext context, AccountFacts account, CancellationToken cancellationToken)
    {
        var rows = (await consumption.MonthlyAsync(ConsumptionOwner.Account(account.AccountId), context.Period, context.Period, cancellationToken))
            .Where(r => r.AccountId == account.AccountId && r.Period == context.Period).ToList();
        var before = context.Period.AddMonths(-1);
        var previous = await db.Estimations.AsNoTracking().Where(e => e.Period == before && e.AccountId == account.AccountId).ToListAsync(cancellationToken);
        var averages = rows.Any(r => r.State != ConsumptionState.Measured)
            ? await consumption.AveragesAsync([account.AccountId], context.Period, context.Estimation.AverageWindowMonths, cancellationToken)
            : [];
        var absences = await db.Absences.AsNoTracking()
            .Where(a => a.AccountId == account.AccountId && a.FromDate <= context.PeriodEnd && a.ToDate >= context.Period).ToListAsync(cancellationToken);
        var history = new AccountHistory(previous.ToDictionary(e => (e.MeterId, e.Register)), averages.ToDictionary(a => (a.MeterId, a.Register)), absences);
        return ChargeCalculator.Calculate(context, account, rows, history);
    }

    private static bool Same(IReadOnlyList<ChargeLineRow> existing, IReadOnlyList<ChargeLineRow> fresh)
    {
        static string Key(ChargeLineRow l) => $"{l.Component}|{l.Register}|{l.Basis}|{l.Volume:0.000000}|{l.Price:0.0000}|{l.Amount:0.00}|{l.LineFrom}|{l.LineTo}";
        return existing.Select(Key).Order().SequenceEqual(fresh.Select(Key).Order());
    }
}
