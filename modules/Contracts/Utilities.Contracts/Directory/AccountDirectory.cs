using Microsoft.EntityFrameworkCore;
using Utilities.Contracts.Data;

namespace Utilities.Contracts.Directory;

internal sealed class AccountDirectory(ContractsDbContext db) : IAccountDirectory
{
    public async Task<long[]> AccountIdsAsync(long? supplierId, string? utility, CancellationToken cancellationToken) =>
        await db.Accounts.AsNoTracking()
            .Where(a => (supplierId == null || a.SupplierId == supplierId) && (utility == null || a.Utility == utility))
            .OrderBy(a => a.Id).Select(a => a.Id).ToArrayAsync(cancellationToken);

    public async Task<IReadOnlyList<AccountSummary>> ListOpenAsync(DateOnly onDate, CancellationToken cancellationToken) =>
        await Summaries(db.Accounts.Where(a => a.OpenedOn <= onDate && (a.ClosedOn == null || a.ClosedOn >= onDate)))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<long, AccountSummary>> FindAsync(IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken) =>
        await Summaries(db.Accounts.Where(a => accountIds.Contains(a.Id)))
            .ToDictionaryAsync(a => a.Id, cancellationToken);

    public async Task<IReadOnlyList<AccountSummary>> SearchAsync(string? text, long? buildingId, int limit, CancellationToken cancellationToken)
    {
        var rows = from a in db.Accounts
                   join p in db.Premises on a.PremisesId equals p.Id
                   join b in db.Buildings on p.BuildingId equals b.Id
                   select new { a, p, b };
        if (buildingId is { } building)
            rows = rows.Where(r => r.b.Id == building);
        foreach (var word in (text ?? string.Empty).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            // "ё" is typed as "е" (Новоозерск): addresses are compared with it folded.
            var folded = word.ToLowerInvariant().Replace('ё', 'е');
            var pattern = "%" + folded.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            rows = rows.Where(r => EF.Functions.Like(r.a.Number.ToLower(), pattern) || EF.Functions.Like(r.b.Address.ToLower().Replace("ё", "е"), pattern)
                || EF.Functions.Like(r.p.Number.ToLower(), pattern));
        }

        return await rows
            .OrderBy(r => r.a.Number)
            .Take(limit)
            .Select(r => new AccountSummary(r.a.Id, r.a.Number, r.a.Utility, r.a.SupplierId, r.p.Id, r.b.Id, r.b.Address, r.p.Number, r.a.OpenedOn, r.a.ClosedOn, r.p.PayerCode))
            .ToListAsync(cancellationToken);
    }

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
        select new AccountSummary(a.Id, a.Number, a.Utility, a.SupplierId, p.Id, b.Id, b.Address, p.Number, a.OpenedOn, a.ClosedOn, p.PayerCode);
}
