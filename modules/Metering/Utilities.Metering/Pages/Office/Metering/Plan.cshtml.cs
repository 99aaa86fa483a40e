using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Metering.Office;
using Utilities.Metering.Plugins;

namespace Utilities.Metering.Pages.Office.Metering;

/// <summary>Preventive-work planning by street and building; the horizon is the warning setting or the months chosen.</summary>
[Authorize(Roles = OfficeAccess.Readers)]
internal sealed class PlanModel(PreventivePlan plans, UtilityTypes utilities) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Months { get; set; }

    public Plan Plan { get; private set; } = null!;

    public UtilityTypes Utilities => utilities;

    public bool MayChange => OfficeAccess.MayChange(User);

    public async Task OnGetAsync(CancellationToken cancellationToken) => Plan = await plans.LoadAsync(Months, cancellationToken);
}
