using System.ComponentModel.DataAnnotations;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Billing.Data;
using Utilities.Billing.Resources;
using Utilities.Billing.Tariffs.SetPrice;
using Utilities.Platform.Input;
using Utilities.Platform.Modules;
using Utilities.Platform.Time;

namespace Utilities.Billing.Pages.Office.Billing;

/// <summary>
/// Tariffs with the price history of each component and the price in force today; accountants
/// and administrators set a new price from a date (an htmx post that re-renders the tariffs).
/// </summary>
internal sealed class IndexModel(BillingDbContext db, IClock clock, SetPriceCommand setPrice, IStringLocalizer<BillingText> text) : PageModel
{
    public DateOnly Today { get; private set; }

    public IReadOnlyList<Tariff> Tariffs { get; private set; } = [];

    /// <summary>The norm tables (effective-dated rows by the plugins' keys), shown read-only.</summary>
    public IReadOnlyList<Norm> Norms { get; private set; } = [];

    public bool CanSetPrices => User.IsInRole(StaffRoles.Accountant) || User.IsInRole(StaffRoles.Administrator);

    [BindProperty]
    public PriceForm Price { get; set; } = new();

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Price.ValidFrom ??= new DateOnly(Today.Year, Today.Month, 1).AddMonths(1);
    }

    public async Task<IActionResult> OnPostPriceAsync(CancellationToken cancellationToken)
    {
        if (!CanSetPrices)
            return Forbid();

        var parts = Price.Target?.Split(':', 2);
        if (!ModelState.IsValid || parts is not [var id, var component] || !long.TryParse(id, out var tariffId)
            || DecimalInput.Parse(Price.Price) is not { } price || Price.ValidFrom is not { } validFrom)
        {
            Error = text["SetPrice_Incomplete"].Value;
        }
        else
        {
            var result = await setPrice.ExecuteAsync(new SetPriceRequest(tariffId, component, price, validFrom), cancellationToken);
            if (result.Succeeded && !Request.IsHtmx())
                return RedirectToPage(new { saved = true });
            Error = result.Error;
            Message = result.Succeeded ? text[result.AlreadySet ? "SetPrice_AlreadySet" : "SetPrice_Saved"].Value : null;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Today = await clock.TodayAsync(cancellationToken);
        Tariffs = await db.Tariffs
            .Include(t => t.Versions.OrderBy(v => v.Component).ThenBy(v => v.ValidFrom))
            .OrderBy(t => t.Utility).ThenBy(t => t.Id)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        Norms = await db.Norms.AsNoTracking().OrderBy(n => n.Utility).ThenBy(n => n.NormKey).ThenBy(n => n.ValidFrom).ToListAsync(cancellationToken);
    }

    /// <summary>The version of a component in force today: the latest that has started.</summary>
    public TariffVersion? InForce(Tariff tariff, string component) =>
        tariff.Versions.Where(v => v.Component == component && v.ValidFrom <= Today).MaxBy(v => v.ValidFrom);

    internal sealed class PriceForm
    {
        /// <summary><c>tariffId:component</c>, one option per priced component.</summary>
        [Required]
        public string? Target { get; set; }

        /// <summary>Text, so "6,43" and "6.43" both work whatever the page's language.</summary>
        public string? Price { get; set; }

        public DateOnly? ValidFrom { get; set; }
    }
}
