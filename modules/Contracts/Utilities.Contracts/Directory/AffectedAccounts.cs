using Microsoft.EntityFrameworkCore;
using Utilities.Contracts.Data;

namespace Utilities.Contracts.Directory;

internal sealed class AffectedAccounts(ContractsDbContext db) : IAffectedAccounts
{
    public IAsyncEnumerable<AffectedAccount> StreamAsync(IReadOnlyCollection<long>? buildingIds, string? utility, DateOnly onDate, CancellationToken cancellationToken)
    {
        var rows = from a in db.Accounts.AsNoTracking()
                   join p in db.Premises on a.PremisesId equals p.Id
                   join c in db.Contracts on a.ContractId equals c.Id
                   join k in db.Consumers on c.ConsumerId equals k.Id
                   where a.OpenedOn <= onDate && (a.ClosedOn == null || a.ClosedOn >= onDate)
                   select new { a, p, k };
        if (buildingIds is not null)
        {
            var ids = buildingIds.ToArray();
            rows = rows.Where(r => ids.Contains(r.p.BuildingId));
        }

        if (utility is not null)
            rows = rows.Where(r => r.a.Utility == utility);
        return rows.OrderBy(r => r.k.Id).ThenBy(r => r.a.Id)
            .Select(r => new AffectedAccount(r.a.Id, r.p.Id, r.p.BuildingId, r.a.Utility, r.k.Id, r.k.Email, r.k.Phone))
            .AsAsyncEnumerable();
    }
}
