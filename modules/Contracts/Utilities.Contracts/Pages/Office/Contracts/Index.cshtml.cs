using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Contracts.Search;
using Utilities.Platform.Modules;

namespace Utilities.Contracts.Pages.Office.Contracts;

/// <summary>
/// One search box for any identifier with instant results: the same handler serves the page and,
/// for htmx, only the results fragment.
/// </summary>
internal sealed class IndexModel(ContractSearch search) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public ContractSearchResult Result { get; private set; } = new([], false);

    public bool CanEdit => User.IsInRole(StaffRoles.Operator) || User.IsInRole(StaffRoles.Administrator);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Q = Q?.Trim();
        Result = await search.FindAsync(Q, cancellationToken);
        if (Request.IsHtmx() && !Request.IsHtmxBoosted() && !Request.IsHtmxHistoryRestoreRequest())
            return Partial("_SearchResults", this);
        return Page();
    }
}
