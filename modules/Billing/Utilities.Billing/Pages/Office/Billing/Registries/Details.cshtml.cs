using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Billing.Data;
using Utilities.Billing.Registries;
using Utilities.Billing.Resources;

namespace Utilities.Billing.Pages.Office.Billing.Registries;

/// <summary>
/// The report of one file: its counts, the rows needing attention (rejected, unmatched, duplicates)
/// or all rows, and a form on each unmatched row for an operator to name its account.
/// </summary>
internal sealed class DetailsModel(BillingDbContext db, RegistryResolution resolution, IStringLocalizer<RegistryText> text) : PageModel
{
    public const int RowsShown = 500;

    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    public Registry? Registry { get; private set; }

    public IReadOnlyList<RegistryRow> Rows { get; private set; } = [];

    public bool CanResolve => RegistryRoles.CanUpload(User);

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The row whose resolution failed, with what was typed (shown again beside the error).</summary>
    public int? ErrorLine { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Message = TempData["RegistryMessage"] as string;
        await LoadAsync(cancellationToken);
        return Registry is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostResolveAsync(int line, string? reference, CancellationToken cancellationToken)
    {
        if (!CanResolve)
            return Forbid();
        var by = User.Identity?.Name is { Length: > 0 } name ? name : "office";
        if (await resolution.ResolveAsync(Id, line, reference, by, cancellationToken) is { } problem)
        {
            Error = RegistryMessages.Text(text, problem, null);
            ErrorLine = line;
            await LoadAsync(cancellationToken);
            return Registry is null ? NotFound() : Page();
        }

        TempData["RegistryMessage"] = "resolved:" + line.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return RedirectToPage(new { id = Id, all = All });
    }

    public string? MessageText => Message switch
    {
        null => null,
        "imported" when Registry is not null => text["Imported", Registry.FileName, Registry.RowsPosted, Registry.RowsTotal].Value,
        "duplicate" when Registry is not null => text["DuplicateFile", Registry.UploadedAt.ToLocalTime().ToString("dd.MM.yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture)].Value,
        _ when Message.StartsWith("resolved:", StringComparison.Ordinal) => text["ResolvedMessage", Message["resolved:".Length..]].Value,
        _ => null,
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Registry = await db.Registries.AsNoTracking().SingleOrDefaultAsync(r => r.Id == Id, cancellationToken);
        if (Registry is null)
            return;
        var rows = db.RegistryRows.AsNoTracking().Where(r => r.RegistryId == Id);
        if (!All)
            rows = rows.Where(r => r.Status == RegistryRowStatus.Unmatched || r.Status == RegistryRowStatus.Rejected || r.Status == RegistryRowStatus.Duplicate);
        // Unmatched first: they are what an operator comes for.
        Rows = await rows.OrderBy(r => All ? 0 : r.Status == RegistryRowStatus.Unmatched ? 0 : 1).ThenBy(r => r.Line).Take(RowsShown).ToListAsync(cancellationToken);
    }
}
