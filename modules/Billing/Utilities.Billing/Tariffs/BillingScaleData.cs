using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;
using Utilities.Contracts;
using Utilities.Platform.Modules;

namespace Utilities.Billing.Tariffs;

/// <summary>The Billing part of the scale data set: the region's tariffs for every supplier and its norms.</summary>
internal sealed class BillingScaleData(BillingDbContext db, IBillingFacts facts) : IScaleData
{
    public int Order => 30;

    public async Task<IReadOnlyList<(string Table, long Rows)>> LoadAsync(ScaleDataRequest request, CancellationToken cancellationToken)
    {
        var suppliers = (await facts.OrganisationsAsync(cancellationToken)).Where(o => o.Kind == "supplier").Select(o => o.Id).ToList();
        var existing = await db.Tariffs.Select(t => new { t.Utility, t.SupplierId }).ToListAsync(cancellationToken);
        var utilities = new[] { "electricity", "cold-water", "hot-water", "heating" };
        var missing = utilities.ToDictionary(
            u => u,
            u => (IReadOnlyCollection<long>)suppliers.Where(s => !existing.Any(e => e.Utility == u && e.SupplierId == s)).ToList());
        var tariffs = StandardTariffs.For(missing).ToList();
        db.Tariffs.AddRange(tariffs);
        var norms = await db.Norms.AnyAsync(cancellationToken) ? [] : StandardTariffs.Norms().ToList();
        db.Norms.AddRange(norms);
        await db.SaveChangesAsync(cancellationToken);
        return [("billing.tariffs", tariffs.Count), ("billing.norms", norms.Count)];
    }
}
