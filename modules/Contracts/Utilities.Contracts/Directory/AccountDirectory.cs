using Microsoft.EntityFrameworkCore;
using Utilities.Contracts.Data;

namespace Utilities.Contracts.Directory;

internal sealed class AccountDirectory(ContractsDbContext db) : IAccountDirectory
{
    public async Task<IReadOnlyList<AccountSummary>> ListOpenAsync(DateOnly onDate, CancellationToken cancellationToken) =>
        await Summaries(db.Accounts.Where(a => a.OpenedOn <= onDate && (a.ClosedOn == null || a.ClosedOn >= onDate)))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<long, AccountSummary>> FindAsync(IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken) =>
        await Summaries(db.Accounts.Where(a => accountIds.Contains(a.Id)))
            .ToDictionaryAsync(a => a.Id, cancellationToken);

    public async Task<IReadOnlyList<long>> BuildingsServedAsync(string utility, long supplierId, DateOnly onDate, CancellationToken cancellationToken) =>
        await (from a in db.Accounts
               join p in db.Premises on a.PremisesId equals p.Id
               where a.Utility == utility && a.SupplierId == supplierId && a.OpenedOn <= onDate && (a.ClosedOn == null || a.ClosedOn >= onDate)
               select p.BuildingId)
            .Distinct()
            .OrderBy(b => b)
            .ToListAsync(cancellationToken);

    private IQueryable<AccountSummary> Summaries(IQueryable<PersonalAccount> accounts) =>
        from a in accounts
        join p in db.Premises on a.PremisesId equals p.Id
        join b in db.Buildings on p.BuildingId equals b.Id
        orderby a.Number
        select new AccountSummary(a.Id, a.Number, a.Utility, a.SupplierId, p.Id, b.Id, b.Address, p.Number, a.OpenedOn, a.ClosedOn);
}
