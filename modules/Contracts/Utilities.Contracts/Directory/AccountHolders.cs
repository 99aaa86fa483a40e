using Microsoft.EntityFrameworkCore;
using Utilities.Contracts.Data;

namespace Utilities.Contracts.Directory;

internal sealed class AccountHolders(ContractsDbContext db) : IAccountHolders
{
    public async Task<IReadOnlyDictionary<long, AccountHolder>> FindAsync(IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken) =>
        await (from a in db.Accounts
               join c in db.Contracts on a.ContractId equals c.Id
               join k in db.Consumers on c.ConsumerId equals k.Id
               where accountIds.Contains(a.Id)
               select new AccountHolder(a.Id, a.Number, k.Id, k.FullName, k.Email, k.Phone))
            .ToDictionaryAsync(h => h.AccountId, cancellationToken);
}
