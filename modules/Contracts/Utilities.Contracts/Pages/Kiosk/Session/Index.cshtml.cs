using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Contracts.Cabinet;
using Utilities.Platform.Identity;

namespace Utilities.Contracts.Pages.Kiosk.Session;

/// <summary>The consumer's accounts at the kiosk, with the modules' widgets; no contract signing here.</summary>
internal sealed class IndexModel(CabinetAccounts cabinet, IEnumerable<ICabinetWidget> widgets) : PageModel
{
    public IReadOnlyList<CabinetAccount> Accounts { get; private set; } = [];

    public IReadOnlyList<(ICabinetWidget Widget, object Model)> Widgets { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var consumerId = User.ConsumerId() ?? throw new InvalidOperationException("the kiosk policy lets consumers in only");
        Accounts = await cabinet.ListAsync(consumerId, cancellationToken);
        var view = new CabinetView(consumerId, Accounts
            .Select(a => new AccountSummary(a.Id, a.Number, a.Utility, 0, a.PremisesId, a.BuildingId, a.Address, a.PremisesNumber, a.OpenedOn, a.ClosedOn))
            .ToList());
        var loaded = new List<(ICabinetWidget, object)>();
        foreach (var widget in widgets.OrderBy(w => w.Order))
        {
            if (await widget.LoadAsync(view, cancellationToken) is { } model)
                loaded.Add((widget, model));
        }

        Widgets = loaded;
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(ConsumerAuthentication.KioskScheme);
        return Redirect("/kiosk");
    }
}
