using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Metering.Demand;
using Utilities.Metering.Office;
using Utilities.Metering.Plugins;

namespace Utilities.Metering.Pages.Office.Metering;

/// <summary>Demand planning: next month per building and service with the 80 % interval; one building's forecast against actual.</summary>
[Authorize(Roles = OfficeAccess.Readers)]
internal sealed class DemandModel(DemandForecasts forecasts, UtilityTypes utilities) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Building { get; set; }

    public DemandView View { get; private set; } = null!;

    public UtilityTypes Utilities => utilities;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        View = await forecasts.LoadAsync(PageNumber ?? 1, Building, cancellationToken);
}
