using Microsoft.EntityFrameworkCore;
using Utilities.RepairFund.Data;

namespace Utilities.RepairFund.Statements;

/// <summary>The bill's repair-fund block for a chunk of premises: two indexed reads of their entries and the funds of their buildings.</summary>
internal sealed class BillBlocks(RepairFundDbContext db) : IRepairFundStatement
{
    public async Task<IReadOnlyDictionary<long, RepairFundBillBlock>> BlocksAsync(DateOnly period, IReadOnlyCollection<long> premisesIds, CancellationToken cancellationToken)
    {
        period = new DateOnly(period.Year, period.Month, 1);
        var ids = premisesIds.ToArray();
        var sums = await db.Entries.AsNoTracking()
            .Where(e => ids.Contains(e.PremisesId) && e.Period <= period)
            .GroupBy(e => e.PremisesId)
            .Select(g => new
            {
                PremisesId = g.Key,
                BuildingId = g.Max(e => e.BuildingId),
                Charged = g.Where(e => e.Period == period && e.Kind == EntryKind.Charge).Sum(e => e.Amount),
                Recalculation = g.Where(e => e.Period == period && e.Kind == EntryKind.Recalculation).Sum(e => e.Amount),
                Penalties = g.Where(e => e.Period == period && e.Kind == EntryKind.Penalty).Sum(e => e.Amount),
                Due = g.Sum(e => e.Amount),
            })
            .ToListAsync(cancellationToken);
        if (sums.Count == 0)
            return new Dictionary<long, RepairFundBillBlock>();
        // The last line charged in the period gives the rate and the area printed.
        var lines = (await db.Entries.AsNoTracking()
                .Where(e => ids.Contains(e.PremisesId) && e.Period == period && e.Kind == EntryKind.Charge)
                .Select(e => new { e.PremisesId, e.LineFrom, e.Rate, e.Area })
                .ToListAsync(cancellationToken))
            .GroupBy(l => l.PremisesId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(l => l.LineFrom).First());
        var periodEnd = period.AddMonths(1).AddDays(-1);
        var rate = await db.ContributionRates.AsNoTracking().Where(r => r.ValidFrom <= periodEnd).OrderByDescending(r => r.ValidFrom)
            .Select(r => (decimal?)r.RatePerSquareMetre).FirstOrDefaultAsync(cancellationToken) ?? 0m;
        var buildingIds = sums.Select(s => s.BuildingId).Distinct().ToArray();
        var funds = await db.Funds.AsNoTracking().Where(f => buildingIds.Contains(f.BuildingId)).ToDictionaryAsync(f => f.BuildingId, cancellationToken);
        return sums.ToDictionary(s => s.PremisesId, s =>
        {
            var line = lines.GetValueOrDefault(s.PremisesId);
            return new RepairFundBillBlock(
                line?.Rate ?? rate,
                line?.Area ?? 0m,
                s.Charged,
                s.Recalculation,
                s.Penalties,
                Math.Max(0m, s.Due),
                funds.GetValueOrDefault(s.BuildingId) is { } f ? PayeeOf(f) : null);
        });
    }

    internal static RepairFundPayee? PayeeOf(Fund fund) =>
        fund.IsSpecial && fund.PayeeName is { } name && fund.PayeeInn is { } inn && fund.BankName is { } bank && fund.Bic is { } bic
            && fund.CorrespondentAccount is { } corr && fund.SettlementAccount is { } account
            ? new RepairFundPayee(name, inn, fund.PayeeKpp, bank, bic, corr, account)
            : null;
}
