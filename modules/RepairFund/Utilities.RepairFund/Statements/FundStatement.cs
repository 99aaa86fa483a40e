using Microsoft.EntityFrameworkCore;
using Utilities.RepairFund.Data;

namespace Utilities.RepairFund.Statements;

/// <summary>
/// A fund's statement for days <c>From..To</c>: what owners were charged (recalculations included),
/// penalties, what they paid, the debt at both ends, what was spent and what the fund holds.
/// They reconcile: debt at the end = debt at the start + charged + penalties − paid;
/// balance at the end = balance at the start + paid − spent.
/// </summary>
internal sealed record StatementTotals(
    DateOnly From, DateOnly To, decimal DebtAtStart, decimal Charged, decimal Penalties, decimal Paid, decimal DebtAtEnd,
    decimal BalanceAtStart, decimal Spent, decimal BalanceAtEnd);

internal sealed record StatementMonth(DateOnly Month, decimal Charged, decimal Paid, decimal Spent, decimal Accumulated, decimal SpentToDate);

internal sealed class FundStatement(RepairFundDbContext db)
{
    public async Task<StatementTotals> TotalsAsync(IReadOnlyCollection<long> buildingIds, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var ids = buildingIds.ToArray();
        var e = await db.Entries.AsNoTracking().Where(x => ids.Contains(x.BuildingId) && x.EntryDate <= to)
            .GroupBy(x => 1)
            .Select(g => new
            {
                DebtAtStart = g.Where(x => x.EntryDate < from).Sum(x => x.Amount),
                Charged = g.Where(x => x.EntryDate >= from && (x.Kind == EntryKind.Charge || x.Kind == EntryKind.Recalculation)).Sum(x => x.Amount),
                Penalties = g.Where(x => x.EntryDate >= from && x.Kind == EntryKind.Penalty).Sum(x => x.Amount),
                Paid = -g.Where(x => x.EntryDate >= from && x.Kind == EntryKind.Payment).Sum(x => x.Amount),
                PaidBefore = -g.Where(x => x.EntryDate < from && x.Kind == EntryKind.Payment).Sum(x => x.Amount),
                DebtAtEnd = g.Sum(x => x.Amount),
            })
            .FirstOrDefaultAsync(cancellationToken);
        var s = await db.Spending.AsNoTracking().Where(x => ids.Contains(x.BuildingId) && x.SpentOn <= to)
            .GroupBy(x => 1)
            .Select(g => new { Before = g.Where(x => x.SpentOn < from).Sum(x => x.Amount), Spent = g.Where(x => x.SpentOn >= from).Sum(x => x.Amount) })
            .FirstOrDefaultAsync(cancellationToken);
        var paidBefore = e?.PaidBefore ?? 0m;
        var spentBefore = s?.Before ?? 0m;
        var paid = e?.Paid ?? 0m;
        var spent = s?.Spent ?? 0m;
        return new StatementTotals(from, to, e?.DebtAtStart ?? 0m, e?.Charged ?? 0m, e?.Penalties ?? 0m, paid, e?.DebtAtEnd ?? 0m,
            paidBefore - spentBefore, spent, paidBefore - spentBefore + paid - spent);
    }

    /// <summary>Every fund's totals up to <paramref name="to"/> in two grouped reads (the office list of 2,000 buildings).</summary>
    public async Task<IReadOnlyDictionary<long, StatementTotals>> ToDateByBuildingAsync(DateOnly to, CancellationToken cancellationToken)
    {
        var entries = await db.Entries.AsNoTracking().Where(x => x.EntryDate <= to)
            .GroupBy(x => x.BuildingId)
            .Select(g => new
            {
                BuildingId = g.Key,
                Charged = g.Where(x => x.Kind == EntryKind.Charge || x.Kind == EntryKind.Recalculation).Sum(x => x.Amount),
                Penalties = g.Where(x => x.Kind == EntryKind.Penalty).Sum(x => x.Amount),
                Paid = -g.Where(x => x.Kind == EntryKind.Payment).Sum(x => x.Amount),
                Debt = g.Sum(x => x.Amount),
            })
            .ToDictionaryAsync(x => x.BuildingId, cancellationToken);
        var spent = await db.Spending.AsNoTracking().Where(x => x.SpentOn <= to)
            .GroupBy(x => x.BuildingId)
            .Select(g => new { BuildingId = g.Key, Spent = g.Sum(x => x.Amount) })
            .ToDictionaryAsync(x => x.BuildingId, x => x.Spent, cancellationToken);
        return entries.Keys.Union(spent.Keys).ToDictionary(b => b, b =>
        {
            var e = entries.GetValueOrDefault(b);
            var s = spent.GetValueOrDefault(b);
            var paid = e?.Paid ?? 0m;
            return new StatementTotals(DateOnly.MinValue, to, 0m, e?.Charged ?? 0m, e?.Penalties ?? 0m, paid, e?.Debt ?? 0m, 0m, s, paid - s);
        });
    }

    /// <summary>What the fund holds now (all payments in − all spending out), for the overspend check.</summary>
    public async Task<decimal> BalanceAsync(long buildingId, CancellationToken cancellationToken) =>
        -await db.Entries.Where(x => x.BuildingId == buildingId && x.Kind == EntryKind.Payment).SumAsync(x => x.Amount, cancellationToken)
        - await db.Spending.Where(x => x.BuildingId == buildingId).SumAsync(x => x.Amount, cancellationToken);

    /// <summary>Month by month (by entry date), for charts: charged, paid, spent, and the fund's accumulated payments and spending to date.</summary>
    public async Task<IReadOnlyList<StatementMonth>> MonthsAsync(long buildingId, CancellationToken cancellationToken)
    {
        var entries = await db.Entries.AsNoTracking().Where(x => x.BuildingId == buildingId && x.Kind != EntryKind.AdvanceApplied)
            .GroupBy(x => new { x.EntryDate.Year, x.EntryDate.Month })
            .Select(g => new
            {
                g.Key.Year,
                g.Key.Month,
                Charged = g.Where(x => x.Kind == EntryKind.Charge || x.Kind == EntryKind.Recalculation).Sum(x => x.Amount),
                Paid = -g.Where(x => x.Kind == EntryKind.Payment).Sum(x => x.Amount),
            })
            .ToListAsync(cancellationToken);
        var spending = await db.Spending.AsNoTracking().Where(x => x.BuildingId == buildingId)
            .GroupBy(x => new { x.SpentOn.Year, x.SpentOn.Month })
            .Select(g => new { g.Key.Year, g.Key.Month, Spent = g.Sum(x => x.Amount) })
            .ToListAsync(cancellationToken);
        var months = entries.Select(x => new DateOnly(x.Year, x.Month, 1)).Concat(spending.Select(x => new DateOnly(x.Year, x.Month, 1))).Distinct().Order().ToList();
        var result = new List<StatementMonth>(months.Count);
        decimal accumulated = 0, spentToDate = 0;
        foreach (var m in months)
        {
            var en = entries.FirstOrDefault(x => x.Year == m.Year && x.Month == m.Month);
            var sp = spending.FirstOrDefault(x => x.Year == m.Year && x.Month == m.Month)?.Spent ?? 0m;
            accumulated += en?.Paid ?? 0m;
            spentToDate += sp;
            result.Add(new StatementMonth(m, en?.Charged ?? 0m, en?.Paid ?? 0m, sp, accumulated, spentToDate));
        }

        return result;
    }

    /// <summary>Premises of a building owing more than nothing at <paramref name="on"/>, the largest debt first.</summary>
    public async Task<IReadOnlyList<(long PremisesId, decimal Debt)>> DebtorsAsync(long buildingId, DateOnly on, int limit, CancellationToken cancellationToken) =>
        (await db.Entries.AsNoTracking().Where(x => x.BuildingId == buildingId && x.EntryDate <= on)
            .GroupBy(x => x.PremisesId)
            .Select(g => new { PremisesId = g.Key, Debt = g.Sum(x => x.Amount) })
            .Where(x => x.Debt > 0)
            .OrderByDescending(x => x.Debt).ThenBy(x => x.PremisesId)
            .Take(limit)
            .ToListAsync(cancellationToken))
        .Select(x => (x.PremisesId, x.Debt)).ToList();
}
