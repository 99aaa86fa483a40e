using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Utilities.Billing.Debtors;
using Utilities.Billing.Resources;
using Utilities.Contracts;
using Utilities.Platform.Input;
using Utilities.Platform.Time;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Pages.Office.Billing;

/// <summary>Debtors for operators: overdue debt by account with aging buckets, filters (building, utility, minimum, bucket) and paging.</summary>
internal sealed class DebtorsModel(DebtorList debtors, IClock clock, IServiceProvider services, IEnumerable<IUtilityPlugin> plugins, IStringLocalizer<DebtText> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? Building { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Utility { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Min { get; set; }

    [BindProperty(SupportsGet = true)]
    public AgingBucket? Bucket { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public DebtorPage Result { get; private set; } = new([], 0, 0);

    public IReadOnlyList<BuildingSummary> Buildings { get; private set; } = [];

    public IReadOnlyList<(string Code, string Name)> Utilities { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Buildings = services.GetService<IBuildingDirectory>() is { } directory ? await directory.ListAsync(cancellationToken) : [];
        Utilities = plugins.Select(p => (p.Code, p.DisplayName.In(System.Globalization.CultureInfo.CurrentUICulture))).OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
        decimal min = 0;
        if (!string.IsNullOrWhiteSpace(Min) && DecimalInput.Parse(Min) is not { } parsed)
            Error = text["Error_MinAmount"];
        else if (!string.IsNullOrWhiteSpace(Min))
            min = DecimalInput.Parse(Min)!.Value;
        if (min < 0)
            Error = text["Error_MinAmount"];
        if (Error is not null)
        {
            Response.StatusCode = 422;
            return Page();
        }

        if (Utility is not null && !Utilities.Any(u => u.Code == Utility))
            Utility = null;
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        Result = await debtors.ListAsync(new DebtorFilter(Building, Utility, min, Bucket, PageNumber), await clock.TodayAsync(cancellationToken), cancellationToken);
        return Page();
    }
}
