using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Billing.Bills;
using Utilities.Billing.Instalments;
using Utilities.Billing.Resources;
using Utilities.Platform.Identity;
using Utilities.Platform.Settings;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Pages.Cabinet.Instalments;

/// <summary>The consumer's instalment offers (Rules 354 п.72): accept one for 2..N months; accepted ones show their schedule.</summary>
internal sealed class IndexModel(ConsumerBills bills, ConsumerInstalments instalments, AcceptInstalmentCommand accept, ISettings settings, IEnumerable<IUtilityPlugin> plugins, IStringLocalizer<DebtText> text) : PageModel
{
    public IReadOnlyList<InstalmentView> Offers { get; private set; } = [];

    public int MaxMonths { get; private set; } = 12;

    public decimal Interest { get; private set; }

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The service's name in the page's language.</summary>
    public string ServiceName(string utility) =>
        plugins.FirstOrDefault(p => p.Code == utility) is { } plugin
            ? (System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? plugin.DisplayName.English : plugin.DisplayName.Russian)
            : utility;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAcceptAsync(long offerId, int months, CancellationToken cancellationToken)
    {
        var consumerId = User.ConsumerId() ?? throw new InvalidOperationException("the consumer policies let consumers in only");
        if (await bills.ViewAsync(consumerId, cancellationToken) is not { } view)
            return NotFound();
        var result = await accept.ExecuteAsync(offerId, view.Accounts.Select(a => a.Id).ToList(), months, consumerId, cancellationToken);
        if (result.Problem == InstalmentProblem.NotFound)
            return NotFound();
        await LoadAsync(cancellationToken);
        if (result.Problem is { } problem)
        {
            Error = problem == InstalmentProblem.MonthsOutOfRange ? text["Error_Months", MaxMonths] : text["Error_NothingToDefer"];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            Message = text["Instalment_Accepted", result.Deferred.ToString("N2"), result.Parts?.Count ?? months];
        }

        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var consumerId = User.ConsumerId() ?? throw new InvalidOperationException("the consumer policies let consumers in only");
        if (await bills.ViewAsync(consumerId, cancellationToken) is not { } view)
            return false;
        MaxMonths = await settings.GetCurrentAsync(BillingSettings.InstalmentMaxMonths, cancellationToken);
        Interest = Math.Min(
            await settings.GetCurrentAsync(BillingSettings.InstalmentInterestPercent, cancellationToken),
            await settings.GetCurrentAsync(BillingSettings.KeyRatePercent, cancellationToken) + 3m);
        Offers = await instalments.ListAsync(view, cancellationToken);
        return true;
    }
}
