using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Contracts.Cabinet;
using Utilities.Platform.Identity;

namespace Utilities.Contracts.Pages.Kiosk.Session;

/// <summary>The consumer's accounts at the kiosk, with the modules' widgets; no contract signing here.</summary>
internal sealed class IndexModel(CabinetAccounts cabinet, CabinetWidgets widgets) : PageModel
{
    public IReadOnlyList<CabinetAccount> Accounts { get; private set; } = [];

    public IReadOnlyList<(ICabinetWidget Widget, object Model)> Widgets { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var consumerId = User.ConsumerId() ?? throw new InvalidOperationException("the kiosk policy lets consumers in only");
        Accounts = await cabinet.ListAsync(consumerId, cancellationToken);
        Widgets = await widgets.LoadAsync(consumerId, Accounts, cancellationToken);
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(ConsumerAuthentication.KioskScheme);
        return Redirect("/kiosk");
    }
}
