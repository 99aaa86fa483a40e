using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Contracts.ContractPdf;
using Utilities.Contracts.Data;
using Utilities.Contracts.Identity;
using Utilities.Contracts.Search;
using Utilities.Platform.Auditing;
using Utilities.Platform.Modules;
using Utilities.Platform.Time;
using Utilities.Plugins.Sdk;

namespace Utilities.Contracts.Pages.Office.Contracts;

/// <summary>
/// The printable contract. GET: a copy without an activation code (any staff). POST (operators
/// and administrators): the copy to hand over, with the cabinet activation code: the one issued at
/// conclusion on the first print, a new one (replacing the old) on every later print.
/// </summary>
internal sealed class PdfModel(ContractsDbContext db, ContractCards cards, OneTimeCodes codes, IClock clock, IAuditLog audit, IEnumerable<IUtilityPlugin> plugins) : PageModel
{
    [FromRoute]
    public long Id { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var card = await cards.LoadAsync(Id, cancellationToken);
        return card is null ? NotFound() : await PdfAsync(card, null, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!(User.IsInRole(StaffRoles.Operator) || User.IsInRole(StaffRoles.Administrator)))
            return Forbid();
        var card = await cards.LoadAsync(Id, cancellationToken);
        if (card is null)
            return NotFound();

        PrintedActivationCode? activation = null;
        if (card.CabinetActivatedAt is null)
        {
            if (TempData[NewModel.ActivationKey(Id)] is string issued && card.OpenActivationCode is { } open)
            {
                activation = new PrintedActivationCode(issued, open.ExpiresAt);
            }
            else
            {
                var code = await codes.IssueAsync(card.Consumer.Id, CodePurpose.Activation, "printed", null, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                activation = new PrintedActivationCode(code, clock.Now + OneTimeCodes.PrintedLifetime);
                await audit.WriteAsync("contract.activation-code-reissued", $"contract:{Id}", $"consumer {card.Consumer.Id}", cancellationToken);
            }
        }

        return await PdfAsync(card, activation, cancellationToken);
    }

    private async Task<IActionResult> PdfAsync(ContractCard card, PrintedActivationCode? activation, CancellationToken cancellationToken)
    {
        var names = plugins.ToDictionary(p => p.Code, p => p.DisplayName.Russian, StringComparer.Ordinal);
        var bytes = ContractDocument.Render(card, names, activation, await clock.TodayAsync(cancellationToken));
        Response.Headers.ContentDisposition = $"inline; filename=contract-{Id.ToString(CultureInfo.InvariantCulture)}.pdf";
        Response.Headers.CacheControl = "no-store";
        return File(bytes, "application/pdf");
    }
}
