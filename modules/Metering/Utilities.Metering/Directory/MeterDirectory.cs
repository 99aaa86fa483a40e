using Microsoft.EntityFrameworkCore;
using Utilities.Metering.Data;

namespace Utilities.Metering.Directory;

internal sealed class MeterDirectory(MeteringDbContext db) : IMeterDirectory
{
    public async Task<IReadOnlyList<MeterSummary>> ForAccountsAsync(IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken)
    {
        var meters = await db.Meters.AsNoTracking()
            .Where(m => m.AccountId != null && accountIds.Contains(m.AccountId.Value) && m.RemovedOn == null)
            .OrderBy(m => m.AccountId).ThenBy(m => m.Serial)
            .ToListAsync(cancellationToken);
        return meters.Select(m => new MeterSummary(m.Id, m.AccountId!.Value, m.Utility, m.Serial, m.Registers, m.VerifiedUntil, m.IsAutomated)).ToList();
    }
}
