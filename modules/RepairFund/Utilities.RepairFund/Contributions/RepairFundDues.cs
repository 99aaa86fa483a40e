using Microsoft.EntityFrameworkCore;
using Utilities.RepairFund.Data;

namespace Utilities.RepairFund.Contributions;

/// <summary>
/// What the fund's ledger says premises still owe by month (penalties apart), for Billing's split
/// of a bill's payment. Only buildings in the regional operator's pot: a special account is the
/// building's own bank account with its own payee and QR code on the bill, so money paid to the
/// centre's account cannot go there; it is paid with a payment into the fund.
/// </summary>
internal sealed class RepairFundDues(RepairFundDbContext db) : IRepairFundDues
{
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<RepairFundDue>>> OpenDuesAsync(IReadOnlyCollection<long> premisesIds, CancellationToken cancellationToken)
    {
        var ids = premisesIds.ToArray();
        var rows = await db.Entries.AsNoTracking()
            .Where(e => ids.Contains(e.PremisesId) && e.ForPeriod != null && e.Kind != EntryKind.Penalty
                && db.Funds.Any(f => f.BuildingId == e.BuildingId && f.AccountKind != Fund.Special))
            .GroupBy(e => new { e.PremisesId, e.ForPeriod })
            .Select(g => new { g.Key.PremisesId, g.Key.ForPeriod, Open = g.Sum(e => e.Amount) })
            .Where(g => g.Open > 0)
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.PremisesId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<RepairFundDue>)g.OrderBy(r => r.ForPeriod).Select(r => new RepairFundDue(r.PremisesId, r.ForPeriod!.Value, r.Open)).ToList());
    }
}
