using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;

namespace Utilities.Billing.Pages.Office.Billing;

/// <summary>One account's ledger (balance, months owed, latest entries) and its charge lines, newest period first: charges, reversals and recalculations with their explanation.</summary>
internal sealed class AccountModel(BillingDbContext db, Absences.RegisterAbsenceCommand absences) : PageModel
{
    [BindProperty]
    public DateOnly? AbsentFrom { get; set; }

    [BindProperty]
    public DateOnly? AbsentTo { get; set; }

    [BindProperty]
    public int? AbsentPersons { get; set; }

    public string? Error { get; private set; }

    public bool Saved { get; private set; }

    public bool CanRegisterAbsence => User.IsInRole(Utilities.Platform.Modules.StaffRoles.Operator) || User.IsInRole(Utilities.Platform.Modules.StaffRoles.Administrator);

    /// <summary>Registers a temporary absence (operators, administrators); a refusal keeps the form with its message.</summary>
    public async Task<IActionResult> OnPostAbsenceAsync(long accountId, CancellationToken cancellationToken)
    {
        if (!CanRegisterAbsence)
            return Forbid();
        Error = ModelState.IsValid
            ? await absences.ExecuteAsync(new Absences.AbsenceRequest(accountId, AbsentFrom, AbsentTo, AbsentPersons), cancellationToken)
            : "Укажите даты начала и окончания отсутствия и число отсутствующих.";
        Saved = Error is null;
        await OnGetAsync(accountId, cancellationToken);
        return Page();
    }

    public const int PeriodsShown = 36;

    public long AccountId { get; private set; }

    public IReadOnlyList<IGrouping<DateOnly, ChargeLineRow>> Periods { get; private set; } = [];

    public const int EntriesShown = 60;

    /// <summary>The account's ledger sums (null before its first charge or payment).</summary>
    public AccountBalance? Balance { get; private set; }

    /// <summary>Months still owed (or overpaid), oldest first.</summary>
    public IReadOnlyList<Debt> Debts { get; private set; } = [];

    /// <summary>The latest ledger entries, newest first.</summary>
    public IReadOnlyList<LedgerEntry> Entries { get; private set; } = [];

    /// <summary>The bills of the account's premises (newest first), to reprint.</summary>
    public IReadOnlyList<Bill> Bills { get; private set; } = [];

    public async Task OnGetAsync(long accountId, CancellationToken cancellationToken)
    {
        AccountId = accountId;
        Balance = await db.AccountBalances.AsNoTracking().FirstOrDefaultAsync(b => b.AccountId == accountId, cancellationToken);
        Debts = await db.Debts.AsNoTracking().Where(d => d.AccountId == accountId && d.Open != 0).OrderBy(d => d.ForPeriod).ToListAsync(cancellationToken);
        Entries = await db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == accountId)
            .OrderByDescending(e => e.EntryDate).ThenByDescending(e => e.Id).Take(EntriesShown).ToListAsync(cancellationToken);
        var periods = await db.ChargeLines.Where(l => l.AccountId == accountId).Select(l => l.Period).Distinct()
            .OrderByDescending(p => p).Take(PeriodsShown).ToListAsync(cancellationToken);
        var lines = await db.ChargeLines.AsNoTracking().Where(l => l.AccountId == accountId && periods.Contains(l.Period))
            .OrderByDescending(l => l.Period).ThenBy(l => l.Id).ToListAsync(cancellationToken);
        Periods = lines.GroupBy(l => l.Period).ToList();
        var premises = lines.Select(l => l.PremisesId).Distinct().ToList();
        Bills = await db.Bills.AsNoTracking().Where(b => premises.Contains(b.PremisesId))
            .OrderByDescending(b => b.Period).Take(PeriodsShown).ToListAsync(cancellationToken);
    }
}
