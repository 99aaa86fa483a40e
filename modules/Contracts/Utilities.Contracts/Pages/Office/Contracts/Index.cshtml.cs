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
            select new AccountRow(a.Number, a.Utility, b.Address, p.Number, c.Number, k.FullName, s.Name, a.OpenedOn, a.ClosedOn, k.Phone, k.Email);

        if (query.Length > 0)
        {
            var pattern = "%" + query.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            rows = rows.Where(r =>
                EF.Functions.ILike(r.Number, pattern) ||
                EF.Functions.ILike(r.ContractNumber, pattern) ||
                EF.Functions.ILike(r.Address + " " + r.PremisesNumber, pattern) ||
                EF.Functions.ILike(r.Consumer, pattern) ||
                EF.Functions.ILike(r.Phone ?? string.Empty, pattern) ||
                EF.Functions.ILike(r.Email ?? string.Empty, pattern));
        }

        Total = await rows.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Rows = await rows
            .OrderBy(r => r.Number)
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize)
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
    DateOnly? ClosedOn,
    string? Phone,
    string? Email);
