using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Contracts;
using Utilities.Host.Platform;
using Utilities.Host.Platform.Extracts;
using Utilities.Host.Resources;
using Utilities.Platform.Auditing;
using Utilities.Platform.Identity;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Host.Pages.Office;

/// <summary>
/// Data older than the consumers' history window is issued on request at the centre (issue 11): an
/// operator registers the request (account number, who asked and how) and issues the extract of the
/// account's full history across modules as PDF or CSV; both steps are audited.
/// </summary>
internal sealed class ExtractsModel(
    PlatformDbContext db,
    AccountExtract extract,
    IServiceProvider services,
    ISettings settings,
    IClock clock,
    IAuditLog audit,
    ICurrentUser user,
    IStringLocalizer<SharedResource> t) : PageModel
{
    private const int Shown = 100;

    public IReadOnlyList<ExtractRequest> Requests { get; private set; } = [];

    public int WindowMonths { get; private set; }

    [BindProperty]
    public string? AccountNumber { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public string? Error { get; private set; }

    [TempData]
    public string? Saved { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var number = AccountNumber?.Trim() ?? string.Empty;
        var note = Note?.Trim() ?? string.Empty;
        PaymentReference? account = null;
        if (number.Length is 0 or > 40)
            Error = t["ExtractAccountRequired"];
        else if (note.Length is 0 or > 500)
            Error = t["ExtractNoteRequired"];
        else if (services.GetService<IPaymentReferences>() is not { } references
                 || !(await references.ResolveAsync([number], cancellationToken)).TryGetValue(number, out account)
                 || account is not { Kind: PaymentReferenceKind.Account, AccountId: not null })
            Error = t["ExtractAccountUnknown", number];

        if (Error is not null || account is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }

        var request = new ExtractRequest
        {
            AccountId = account.AccountId!.Value, AccountNumber = number, Note = note, RegisteredBy = user.Id ?? "unknown", RegisteredAt = clock.Now,
        };
        db.ExtractRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync("extract.registered", $"account:{request.AccountId}", $"request {request.Id}", cancellationToken);
        Saved = t["ExtractRegistered", request.Id, number];
        return RedirectToPage();
    }

    /// <summary>Issues the extract of a registered request as <c>pdf</c> or <c>csv</c> (a POST: issuing is recorded).</summary>
    public async Task<IActionResult> OnPostIssueAsync(long id, string format, CancellationToken cancellationToken)
    {
        var request = await db.ExtractRequests.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || format is not ("pdf" or "csv"))
            return NotFound();
        var sections = await extract.ReadAsync(request.AccountId, cancellationToken);
        var title = t["ExtractTitle", request.AccountNumber];
        var now = clock.Now;
        request.IssuedAt = now;
        request.IssuedBy = user.Id ?? "unknown";
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync("extract.issued", $"account:{request.AccountId}", $"request {request.Id} as {format}", cancellationToken);
        Response.Headers.CacheControl = "no-store";
        var name = $"extract-{request.AccountNumber}-{request.Id}.{format}";
        return format == "pdf"
            ? File(AccountExtract.Pdf(title, t["ExtractSubtitle", request.Id, TimeZoneInfo.ConvertTime(now, await clock.ZoneAsync(cancellationToken)).ToString("dd.MM.yyyy HH:mm")], sections), "application/pdf", name)
            : File(AccountExtract.Csv(title, sections), "text/csv; charset=utf-8", name);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        WindowMonths = await settings.GetCurrentAsync(PlatformSettings.ConsumerHistoryMonths, cancellationToken);
        Requests = await db.ExtractRequests.AsNoTracking().OrderByDescending(r => r.RegisteredAt).ThenByDescending(r => r.Id).Take(Shown).ToListAsync(cancellationToken);
    }
}
