using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Contracts.Data;
using Utilities.Contracts.Resources;
using Utilities.Platform.History;

namespace Utilities.Contracts.History;

/// <summary>The extract's first section: the account, its premises, its contract and its holder (issue 11).</summary>
internal sealed class ContractsAccountHistory(ContractsDbContext db, IStringLocalizer<ContractsText> t) : IAccountHistorySource
{
    public int Order => 0;

    public async Task<IReadOnlyList<AccountHistorySection>> ReadAsync(long accountId, CancellationToken cancellationToken)
    {
        var row = await (
            from a in db.Accounts.AsNoTracking()
            join c in db.Contracts on a.ContractId equals c.Id
            join p in db.Premises on a.PremisesId equals p.Id
            join b in db.Buildings on p.BuildingId equals b.Id
            join h in db.Consumers on c.ConsumerId equals h.Id
            join s in db.Organisations on a.SupplierId equals s.Id
            where a.Id == accountId
            select new { a.Number, a.Utility, a.OpenedOn, a.ClosedOn, Contract = c.Number, c.ConcludedOn, c.TerminatedOn, b.Address, Flat = p.Number, p.Area, Holder = h.FullName, Supplier = s.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
            return [];
        var ru = CultureInfo.CurrentCulture;
        string Date(DateOnly? d) => d?.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) ?? "—";
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { t["Extract_Account"].Value, row.Number },
            new[] { t["Extract_Service"].Value, row.Utility },
            new[] { t["Extract_Supplier"].Value, row.Supplier },
            new[] { t["Extract_Address"].Value, $"{row.Address}, {row.Flat}" },
            new[] { t["Extract_Area"].Value, row.Area.ToString("0.##", ru) },
            new[] { t["Extract_Holder"].Value, row.Holder },
            new[] { t["Extract_Contract"].Value, $"{row.Contract}: {Date(row.ConcludedOn)} — {Date(row.TerminatedOn)}" },
            new[] { t["Extract_AccountOpen"].Value, $"{Date(row.OpenedOn)} — {Date(row.ClosedOn)}" },
        };
        return [new AccountHistorySection(t["Extract_AccountSection"], [t["Extract_Field"], t["Extract_Value"]], rows)];
    }
}
