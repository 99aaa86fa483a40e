using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Utilities.Contracts;
using Utilities.Platform.Input;
using Utilities.Platform.Modules;
using Utilities.Platform.Time;
using Utilities.RepairFund.Data;
using Utilities.RepairFund.Resources;
using Utilities.RepairFund.Statements;

namespace Utilities.RepairFund.Pages.Office.RepairFund;

/// <summary>
/// Funds per building with what each holds (charged, paid, debt, spent, balance to date), the
/// regional operator's pot summed over its buildings, the rates per m²; accountants add a rate and
/// charge a month's contributions (the billing run does the same before its bills).
/// </summary>
internal sealed class IndexModel(
    RepairFundDbContext db, FundStatement statement, IRepairFundCharging charging, IClock clock, IServiceProvider services, IStringLocalizer<RepairFundText> text) : PageModel
{
    public DateOnly Today { get; private set; }

    public ContributionRate? Rate { get; private set; }

    public IReadOnlyList<ContributionRate> Rates { get; private set; } = [];

    public IReadOnlyList<FundRow> Rows { get; private set; } = [];

    public StatementTotals? RegionalOperator { get; private set; }

    public bool CanEdit => User.IsInRole(StaffRoles.Accountant) || User.IsInRole(StaffRoles.Administrator);

    [BindProperty]
    public string? RateFrom { get; set; }

    [BindProperty]
    public string? RateValue { get; set; }

    [BindProperty]
    public string? ChargeMonth { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostRateAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        if (!DateOnly.TryParseExact(RateFrom, "yyyy-MM-dd", out var from) || DecimalInput.Parse(RateValue) is not { } rate
            || rate <= 0 || rate > 1000 || decimal.Round(rate, 2) != rate)
        {
            Error = text["Problem_Rate"].Value;
        }
        else if (await db.ContributionRates.AnyAsync(r => r.ValidFrom == from, cancellationToken))
        {
            Error = text["Problem_RateExists", from.ToString("dd.MM.yyyy")].Value;
        }
        else
        {
            db.ContributionRates.Add(new ContributionRate { ValidFrom = from, RatePerSquareMetre = rate });
            await db.SaveChangesAsync(cancellationToken);
            Message = text["RateSaved"].Value;
            return RedirectToPage();
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostChargeAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        var today = await clock.TodayAsync(cancellationToken);
        if (!DateOnly.TryParseExact(ChargeMonth + "-01", "yyyy-MM-dd", out var month) || month > new DateOnly(today.Year, today.Month, 1) || month.Year < 2000)
        {
            Error = text["Problem_Month"].Value;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(cancellationToken);
            return Page();
        }

        var result = await charging.ChargeAsync(month, cancellationToken);
        Message = text["ChargedMessage", month.ToString("MM.yyyy"), result.Premises, result.Charged.ToString("N2"), result.Recalculated.ToString("N2"), result.Penalties.ToString("N2")].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Today = await clock.TodayAsync(cancellationToken);
        ChargeMonth ??= new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1).ToString("yyyy-MM");
        Rates = await db.ContributionRates.OrderByDescending(r => r.ValidFrom).ToListAsync(cancellationToken);
        Rate = Rates.FirstOrDefault(r => r.ValidFrom <= Today);
        var funds = await db.Funds.AsNoTracking().OrderBy(f => f.BuildingId).ToListAsync(cancellationToken);
        // Addresses are the Contracts module's; without it the list shows building ids.
        var directory = services.GetService<IBuildingDirectory>();
        var buildings = directory is null ? new Dictionary<long, BuildingSummary>() : (await directory.ListAsync(cancellationToken)).ToDictionary(b => b.Id);
        var totals = await statement.ToDateByBuildingAsync(Today, cancellationToken);
        var none = new StatementTotals(DateOnly.MinValue, Today, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m);
        Rows = funds.Select(f => new FundRow(f, buildings.GetValueOrDefault(f.BuildingId), totals.GetValueOrDefault(f.BuildingId, none))).ToList();
        var pot = Rows.Where(r => !r.Fund.IsSpecial).Select(r => r.Totals).ToList();
        RegionalOperator = pot.Count == 0 ? null : new StatementTotals(DateOnly.MinValue, Today, 0m, pot.Sum(t => t.Charged), pot.Sum(t => t.Penalties),
            pot.Sum(t => t.Paid), pot.Sum(t => t.DebtAtEnd), 0m, pot.Sum(t => t.Spent), pot.Sum(t => t.BalanceAtEnd));
    }
}

internal sealed record FundRow(Fund Fund, BuildingSummary? Building, StatementTotals Totals);
