using Microsoft.EntityFrameworkCore;
using Utilities.RepairFund.Data;

namespace Utilities.RepairFund.Funds;

internal sealed class RepairFundDirectory(RepairFundDbContext db) : IRepairFundDirectory
{
    public async Task<IReadOnlyList<FundSummary>> ListAsync(CancellationToken cancellationToken) =>
        await db.Funds
            .OrderBy(f => f.BuildingId)
            .Select(f => new FundSummary(f.Id, f.BuildingId, f.AccountKind == "special", f.ObligationStartsOn))
            .ToListAsync(cancellationToken);
}
