using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;

namespace Utilities.Billing.Tariffs;

internal sealed class TariffCatalog(BillingDbContext db) : ITariffCatalog
{
    public async Task<IReadOnlyList<TariffPrice>> InForceAsync(DateOnly onDate, CancellationToken cancellationToken) =>
        await (
            from v in db.TariffVersions
            join t in db.Tariffs on v.TariffId equals t.Id
            where v.ValidFrom <= onDate
                  && !db.TariffVersions.Any(n => n.TariffId == v.TariffId && n.Component == v.Component && n.ValidFrom > v.ValidFrom && n.ValidFrom <= onDate)
            orderby t.Utility, t.Id, v.Component
            select new TariffPrice(t.Id, t.Utility, t.SupplierId, v.Component, v.Price, v.Unit, v.ValidFrom))
            .ToListAsync(cancellationToken);
}
