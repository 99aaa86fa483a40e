using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Utilities.Contracts.Data;

namespace Utilities.Contracts.Pages.Office.Contracts;

/// <summary>Personal accounts with their premises, contract and consumer; one search box for any identifier.</summary>
internal sealed class IndexModel(ContractsDbContext db) : PageModel
{
    public const int PageSize = 25;
    private const int MaxQueryLength = 100;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AccountRow> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = Q?.Trim() ?? string.Empty;
        if (query.Length > MaxQueryLength)
            query = query[..MaxQueryLength];
        Q = query;

        var rows =
            from a in db.Accounts
            join c in db.Contracts on a.ContractId equals c.Id
            join p in db.Premises on a.PremisesId equals p.Id
            join b in db.Buildings on p.BuildingId equals b.Id
            join k in db.Consumers on c.ConsumerId equals k.Id
            join s in db.Organisations on a.SupplierId equals s.Id
            select new { Account = a, Contract = c, Premises = p, Building = b, Consumer = k, Supplier = s };

        if (query.Length > 0)
        {
            var pattern = "%" + query.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            rows = rows.Where(r =>
                EF.Functions.ILike(r.Account.Number, pattern) ||
                EF.Functions.ILike(r.Contract.Number, pattern) ||
                EF.Functions.ILike(r.Building.Address + ", " + r.Premises.Number, pattern) ||
                EF.Functions.ILike(r.Consumer.FullName, pattern) ||
                EF.Functions.ILike(r.Consumer.Phone ?? string.Empty, pattern) ||
                EF.Functions.ILike(r.Consumer.Email ?? string.Empty, pattern));
        }

        Total = await rows.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Rows = await rows
            .OrderBy(r => r.Account.Number)
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize)
            .Select(r => new AccountRow(
                r.Account.Number, r.Account.Utility, r.Building.Address, r.Premises.Number, r.Contract.Number,
                r.Consumer.FullName, r.Supplier.Name, r.Account.OpenedOn, r.Account.ClosedOn))
            .ToListAsync(cancellationToken);
    }
}

internal sealed record AccountRow(
    string Number,
    string Utility,
    string Address,
    string PremisesNumber,
    string ContractNumber,
    string Consumer,
    string Supplier,
    DateOnly OpenedOn,
    DateOnly? ClosedOn);
