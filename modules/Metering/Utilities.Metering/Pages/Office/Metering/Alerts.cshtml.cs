using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Metering.Anomalies;
using Utilities.Metering.Office;
using Utilities.Metering.Plugins;
using Utilities.Metering.Resources;

namespace Utilities.Metering.Pages.Office.Metering;

/// <summary>Open anomaly alerts of automated meters with their premises: acknowledge or close (htmx; bad input gives a message, 200).</summary>
[Authorize(Roles = OfficeAccess.Workers)]
internal sealed class AlertsModel(AnomalyAlerts alerts, UtilityTypes utilities, IStringLocalizer<MeteringText> text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    [BindProperty]
    public string? AlertId { get; set; }

    public AlertPage Alerts { get; private set; } = null!;

    public UtilityTypes Utilities => utilities;

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Alerts = await alerts.OpenAsync(PageNumber ?? 1, cancellationToken);

    public Task<IActionResult> OnPostAcknowledgeAsync(CancellationToken cancellationToken) =>
        ChangeAsync(id => alerts.AcknowledgeAsync(id, cancellationToken), text["Alerts_Acknowledged"], cancellationToken);

    public Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken) =>
        ChangeAsync(id => alerts.CloseAsync(id, cancellationToken), text["Alerts_Closed"], cancellationToken);

    private async Task<IActionResult> ChangeAsync(Func<long, Task<string?>> change, string done, CancellationToken cancellationToken)
    {
        // The id comes as text so that a mangled one is a message, not a binding failure.
        var error = long.TryParse(AlertId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? await change(id)
            : text["Alerts_Unknown"];
        if (error is null && !Request.IsHtmx())
            return RedirectToPage(new { p = PageNumber });
        Message = error is null ? done : null;
        Error = error;
        Alerts = await alerts.OpenAsync(PageNumber ?? 1, cancellationToken);
        return Page();
    }
}
