using Microsoft.EntityFrameworkCore;
using Utilities.Contracts.Data;

namespace Utilities.Contracts.Directory;

internal sealed class BuildingDirectory(ContractsDbContext db) : IBuildingDirectory
{
    public async Task<IReadOnlyList<BuildingSummary>> ListAsync(CancellationToken cancellationToken) =>
        await db.Buildings
            .OrderBy(b => b.Address)
            .Select(b => new BuildingSummary(
                b.Id,
                b.Address,
                b.TotalArea,
                db.Premises.Where(p => p.BuildingId == b.Id).Sum(p => p.Area),
                b.HasHeatMeter,
                db.Premises.Count(p => p.BuildingId == b.Id)))
            .ToListAsync(cancellationToken);
}
