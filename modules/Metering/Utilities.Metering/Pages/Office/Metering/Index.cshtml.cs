using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Contracts;
using Utilities.Metering.Office;
using Utilities.Metering.Plugins;

namespace Utilities.Metering.Pages.Office.Metering;

/// <summary>The meter registry: search by serial, account number or address, filters, paging; htmx swaps the results.</summary>
[Authorize(Roles = OfficeAccess.Readers)]
internal sealed class IndexModel(MeterList list, RoundSheets sheets, UtilityTypes utilities) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Utility { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Building { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Automated { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Removed { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public MeterListPage Result { get; private set; } = null!;

    public IReadOnlyList<BuildingSummary> Buildings { get; private set; } = [];

    public UtilityTypes Utilities => utilities;

    public bool MayChange => OfficeAccess.MayChange(User);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Buildings = await sheets.BuildingsAsync(cancellationToken);
        Result = await list.ListAsync(new MeterFilter(Q, Utility, Building, Automated, State, Removed, PageNumber), cancellationToken);
    }

    /// <summary>The query string of this search on another page.</summary>
    public string PageLink(int page) => Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Q, ["utility"] = Utility, ["building"] = Building?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["automated"] = Automated?.ToString().ToLowerInvariant(), ["state"] = State, ["removed"] = Removed ? "true" : null,
        ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();
}
