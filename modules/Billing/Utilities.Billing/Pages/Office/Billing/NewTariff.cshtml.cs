using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Billing.Resources;
using Utilities.Billing.Tariffs.CreateTariff;
using Utilities.Contracts;
using Utilities.Platform.Input;
using Utilities.Platform.Modules;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Pages.Office.Billing;

/// <summary>
/// A new tariff of a supplier (accountants and administrators): the plugin's shape, the dates and a
/// price per component of the shape; the component inputs follow the chosen shape (htmx, or a
/// reload without JavaScript). An overlap with another tariff is refused with the message.
/// </summary>
internal sealed class NewTariffModel(
    IEnumerable<IUtilityPlugin> plugins,
    IBillingFacts facts,
    CreateTariffCommand create,
    IStringLocalizer<BillingText> text) : PageModel
{
    public IReadOnlyList<(string Key, string Name, TariffShape Shape)> Shapes { get; private set; } = [];

    public IReadOnlyList<OrganisationDetails> Suppliers { get; private set; } = [];

    public bool CanCreate => User.IsInRole(StaffRoles.Accountant) || User.IsInRole(StaffRoles.Administrator);

    [BindProperty(SupportsGet = true)]
    public string? Shape { get; set; }

    [BindProperty]
    public long? SupplierId { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public DateOnly? ValidFrom { get; set; }

    [BindProperty]
    public DateOnly? ValidTo { get; set; }

    [BindProperty]
    public Dictionary<string, string?> Prices { get; set; } = [];

    public string? Error { get; private set; }

    public TariffShape? Selected => Shapes.FirstOrDefault(s => s.Key == Shape).Shape;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!CanCreate)
            return Forbid();
        await LoadAsync(cancellationToken);
        var parts = Shape?.Split('|', 2);
        if (parts is not [var utility, var shape] || Selected is not { } selected || SupplierId is not { } supplier
            || Suppliers.All(s => s.Id != supplier) || ValidFrom is not { } from)
        {
            Error = text["NewTariff_Incomplete"];
            return Page();
        }

        var prices = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var component in selected.Components)
        {
            if (DecimalInput.Parse(Prices.GetValueOrDefault(component.Code)) is { } price)
                prices[component.Code] = price;
        }

        var result = await create.ExecuteAsync(new CreateTariffRequest(utility, supplier, shape, Name ?? string.Empty, from, ValidTo, prices), cancellationToken);
        if (result.Error is not null)
        {
            Error = result.Error;
            return Page();
        }

        return RedirectToPage("/Office/Billing/Index", new { created = result.TariffId });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        Shapes = plugins.Where(p => p.Tariffs is not null)
            .SelectMany(p => p.Tariffs!.Shapes.Select(s => ($"{p.Code}|{s.Code}", $"{p.DisplayName.In(culture)} — {s.Name.In(culture)}", s)))
            .ToList();
        Suppliers = (await facts.OrganisationsAsync(cancellationToken)).Where(o => o.Kind == "supplier").ToList();
    }
}
