using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Billing.Data;
using Utilities.Billing.Registries;
using Utilities.Billing.Resources;
using Utilities.Platform.Auditing;
using Utilities.Platform.Time;

namespace Utilities.Billing.Pages.Office.Billing.Registries;

/// <summary>The banks' column maps: everyone in the office reads them; accountants and administrators change them or add a bank.</summary>
internal sealed partial class BanksModel(BillingDbContext db, IClock clock, IAuditLog audit, IStringLocalizer<RegistryText> text) : PageModel
{
    public IReadOnlyList<RegistryBank> Banks { get; private set; } = [];

    public bool CanEdit => RegistryRoles.CanEditBanks(User);

    [BindProperty]
    public BankForm Form { get; set; } = new();

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Message = TempData["BankMessage"] as string;
        Banks = await db.RegistryBanks.AsNoTracking().OrderBy(b => b.Code).ToListAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        var f = Form;
        var code = f.Code?.Trim().ToLowerInvariant() ?? string.Empty;
        int[] columns = [f.DateColumn, f.DocumentColumn, f.ReferenceColumn, f.ContractColumn, f.AddressColumn, f.PayerColumn, f.PeriodColumn, f.AmountColumn];
        if (!CodePattern().IsMatch(code) || string.IsNullOrWhiteSpace(f.Name) || f.Name.Trim().Length > 200 || !RegistryFile.Encodings.Contains(f.Encoding) || f.Delimiter is not { Length: 1 }
            || f.DateColumn < 1 || f.AmountColumn < 1 || columns.Any(c => c is < 0 or > 50) || f.SkipLines is < 0 or > 20
            || !ValidFormat(f.DateFormat) || !ValidFormat(f.PeriodFormat) || f.Target is not (PaymentTargets.Bill or PaymentTargets.RepairFund))
        {
            Error = text["BankInvalid"];
            Banks = await db.RegistryBanks.AsNoTracking().OrderBy(b => b.Code).ToListAsync(cancellationToken);
            return Page();
        }

        var by = User.Identity?.Name is { Length: > 0 } name ? name[..Math.Min(name.Length, 100)] : "office";
        var bank = await db.RegistryBanks.SingleOrDefaultAsync(b => b.Code == code, cancellationToken);
        if (bank is null)
        {
            bank = new RegistryBank { Code = code, Name = f.Name!.Trim(), Encoding = f.Encoding!, UpdatedBy = by };
            db.RegistryBanks.Add(bank);
        }

        bank.Name = f.Name!.Trim();
        bank.Encoding = f.Encoding!;
        bank.Delimiter = f.Delimiter!;
        bank.SkipLines = f.SkipLines;
        bank.DateColumn = f.DateColumn;
        bank.DateFormat = f.DateFormat!.Trim();
        bank.DocumentColumn = f.DocumentColumn;
        bank.ReferenceColumn = f.ReferenceColumn;
        bank.ContractColumn = f.ContractColumn;
        bank.AddressColumn = f.AddressColumn;
        bank.PayerColumn = f.PayerColumn;
        bank.PeriodColumn = f.PeriodColumn;
        bank.PeriodFormat = f.PeriodFormat!.Trim();
        bank.AmountColumn = f.AmountColumn;
        bank.Target = f.Target!;
        bank.Active = f.Active;
        bank.UpdatedBy = by;
        bank.UpdatedAt = clock.Now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync("billing.registry-bank-saved", $"registry-bank:{code}", by, cancellationToken);
        TempData["BankMessage"] = text["BankSaved", bank.Name].Value;
        return RedirectToPage();
    }

    private static bool ValidFormat(string? format)
    {
        if (string.IsNullOrWhiteSpace(format) || format.Length > 20)
            return false;
        var sample = new DateOnly(2026, 11, 15);
        try
        {
            var written = sample.ToString(format.Trim(), CultureInfo.InvariantCulture);
            return DateOnly.TryParseExact(written, format.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var back) && back.Month == 11;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[a-z0-9-]{2,20}$")]
    private static partial Regex CodePattern();

    /// <summary>One bank's map as the form posts it.</summary>
    internal sealed class BankForm
    {
        public string? Code { get; set; }

        public string? Name { get; set; }

        public string? Encoding { get; set; } = "windows-1251";

        public string? Delimiter { get; set; } = ";";

        public int SkipLines { get; set; }

        public int DateColumn { get; set; } = 1;

        public string? DateFormat { get; set; } = "dd.MM.yyyy";

        public int DocumentColumn { get; set; }

        public int ReferenceColumn { get; set; }

        public int ContractColumn { get; set; }

        public int AddressColumn { get; set; }

        public int PayerColumn { get; set; }

        public int PeriodColumn { get; set; }

        public string? PeriodFormat { get; set; } = "MMyyyy";

        public int AmountColumn { get; set; }

        public string? Target { get; set; } = PaymentTargets.Bill;

        public bool Active { get; set; } = true;

        public static BankForm Of(RegistryBank b) => new()
        {
            Code = b.Code, Name = b.Name, Encoding = b.Encoding, Delimiter = b.Delimiter, SkipLines = b.SkipLines, DateColumn = b.DateColumn, DateFormat = b.DateFormat,
            DocumentColumn = b.DocumentColumn, ReferenceColumn = b.ReferenceColumn, ContractColumn = b.ContractColumn, AddressColumn = b.AddressColumn,
            PayerColumn = b.PayerColumn, PeriodColumn = b.PeriodColumn, PeriodFormat = b.PeriodFormat, AmountColumn = b.AmountColumn, Target = b.Target, Active = b.Active,
        };
    }
}
