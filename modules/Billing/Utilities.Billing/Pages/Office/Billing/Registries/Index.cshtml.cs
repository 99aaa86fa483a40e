using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Billing.Data;
using Utilities.Billing.Registries;
using Utilities.Billing.Resources;
using Utilities.Platform.Modules;

namespace Utilities.Billing.Pages.Office.Billing.Registries;

/// <summary>
/// Bank registries in the back office: operators, accountants and administrators upload a bank's
/// file (its report opens next); everyone in the office sees the files with their counts.
/// </summary>
[RequestSizeLimit(RegistryFile.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = RegistryFile.MaxBytes + 1024 * 1024)]
internal sealed class IndexModel(BillingDbContext db, RegistryImport import, IStringLocalizer<RegistryText> text) : PageModel
{
    public IReadOnlyList<Registry> Registries { get; private set; } = [];

    public IReadOnlyList<RegistryBank> Banks { get; private set; } = [];

    public bool CanUpload => RegistryRoles.CanUpload(User);

    [BindProperty]
    public string? Bank { get; set; }

    [BindProperty]
    public string? Encoding { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!CanUpload)
            return Forbid();
        if (Upload is null || Upload.Length == 0)
        {
            Error = text["NoFile"];
        }
        else if (Upload.Length > RegistryFile.MaxBytes)
        {
            Error = text["Problem_TooLarge", RegistryFile.MaxBytes / 1024 / 1024];
        }
        else
        {
            byte[] bytes;
            await using (var stream = Upload.OpenReadStream())
                bytes = await RegistryEndpoint.ReadAsync(stream, cancellationToken);
            var by = User.Identity?.Name is { Length: > 0 } name ? name : "office";
            var result = await import.ImportAsync(Bank ?? string.Empty, Upload.FileName, bytes, string.IsNullOrWhiteSpace(Encoding) ? null : Encoding, by, cancellationToken);
            if (result.RegistryId is { } id)
            {
                TempData["RegistryMessage"] = result.DuplicateFile ? "duplicate" : "imported";
                return RedirectToPage("Details", new { id });
            }

            Error = RegistryMessages.Text(text, result.Problem, result.ProblemDetail);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Registries = await db.Registries.AsNoTracking().OrderByDescending(r => r.UploadedAt).ThenByDescending(r => r.Id).Take(100).ToListAsync(cancellationToken);
        Banks = await db.RegistryBanks.AsNoTracking().Where(b => b.Active).OrderBy(b => b.Name).ToListAsync(cancellationToken);
    }
}

/// <summary>Who may do what with registries: operators resolve rows, accountants and administrators also edit the banks' maps.</summary>
internal static class RegistryRoles
{
    public static bool CanUpload(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(StaffRoles.Operator) || user.IsInRole(StaffRoles.Accountant) || user.IsInRole(StaffRoles.Administrator);

    public static bool CanEditBanks(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(StaffRoles.Accountant) || user.IsInRole(StaffRoles.Administrator);
}
