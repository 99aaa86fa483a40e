using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Metering.Office;
using Utilities.Metering.Plugins;
using Utilities.Metering.Readings;
using Utilities.Metering.Resources;

namespace Utilities.Metering.Pages.Office.Metering;

/// <summary>The operator's queue of pending consumer readings: confirm, or reject with a reason (htmx, 200 with a message on bad input).</summary>
[Authorize(Roles = OfficeAccess.Workers)]
internal sealed class QueueModel(PendingQueue queue, ReadingDecisions decisions, UtilityTypes utilities, IStringLocalizer<MeteringText> text) : PageModel
{
    [BindProperty]
    public long ReadingId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public Queue Queue { get; private set; } = null!;

    public UtilityTypes Utilities => utilities;

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The item the error belongs to, so its typed reason stays.</summary>
    public long? ErrorFor { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Queue = await queue.LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken) =>
        DecideAsync(decisions.ConfirmAsync(ReadingId, cancellationToken), text["Queue_Confirmed"], cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(CancellationToken cancellationToken) =>
        DecideAsync(decisions.RejectAsync(ReadingId, Reason, cancellationToken), text["Queue_Rejected"], cancellationToken);

    private async Task<IActionResult> DecideAsync(Task<string?> decision, string done, CancellationToken cancellationToken)
    {
        var error = await decision;
        if (error is null && !Request.IsHtmx())
            return RedirectToPage();
        Message = error is null ? done : null;
        Error = error;
        ErrorFor = error is null ? null : ReadingId;
        Queue = await queue.LoadAsync(cancellationToken);
        return Page();
    }
}
