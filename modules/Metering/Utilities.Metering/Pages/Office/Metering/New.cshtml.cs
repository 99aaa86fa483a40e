using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts;
using Utilities.Metering.Meters;
using Utilities.Metering.Office;
using Utilities.Metering.Plugins;
using Utilities.Platform.Time;

namespace Utilities.Metering.Pages.Office.Metering;

/// <summary>Registers a new meter: a premises meter on an account (by its number) or a building meter on a building.</summary>
[Authorize(Roles = OfficeAccess.Workers)]
internal sealed class NewModel(MeterRegistry registry, RoundSheets sheets, UtilityTypes utilities, IClock clock, IServiceProvider services) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Account { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Building { get; set; }

    /// <summary>"utility/layout", e.g. <c>electricity/two-zone</c>.</summary>
    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? Serial { get; set; }

    [BindProperty]
    public int? DigitCapacity { get; set; }

    [BindProperty]
    public bool IsAutomated { get; set; }

    [BindProperty]
    public DateOnly? InstalledOn { get; set; }

    [BindProperty]
    public DateOnly? VerifiedUntil { get; set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public IReadOnlyList<BuildingSummary> Buildings { get; private set; } = [];

    public UtilityTypes Utilities => utilities;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        InstalledOn = await clock.TodayAsync(cancellationToken);
        Buildings = await sheets.BuildingsAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (utility, layout) = Kind?.Split('/', 2) is [var u, var l] ? (u, l) : (Kind, null);
        long? accountId = null;
        if (Account?.Trim() is { Length: > 0 } number)
        {
            var found = services.GetService<IAccountDirectory>() is { } directory
                ? (await directory.SearchAsync(number, null, 10, cancellationToken)).FirstOrDefault(a => a.Number == number)
                : null;
            accountId = found?.Id ?? 0; // 0 is no account: the registry says "unknown account"
        }

        var result = await registry.RegisterAsync(
            new MeterForm(accountId, Building, utility, Serial, layout, DigitCapacity, IsAutomated, InstalledOn, VerifiedUntil), cancellationToken);
        if (result.Succeeded)
        {
            var url = $"/office/metering/meters/{result.MeterId}";
            if (!Request.IsHtmx())
                return Redirect(url);
            Response.Headers["HX-Redirect"] = url;
            return new NoContentResult();
        }

        Errors = result.Errors;
        Buildings = await sheets.BuildingsAsync(cancellationToken);
        return Page();
    }
}
