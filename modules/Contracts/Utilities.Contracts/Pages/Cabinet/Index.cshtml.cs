using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Utilities.Contracts.Cabinet;
using Utilities.Contracts.Pages.Cabinet.Identity;
using Utilities.Contracts.Resources;
using Utilities.Platform.Identity;

namespace Utilities.Contracts.Pages.Cabinet;

/// <summary>The consumer's dashboard: accounts grouped by premises, the modules' widgets, attaching another account.</summary>
[EnableRateLimiting(ConsumerAuthentication.Policy)]
internal sealed class IndexModel(CabinetAccounts cabinet, CabinetWidgets widgets, DashboardCache cache, IStringLocalizer<ContractsText> text) : PageModel
{
    public IReadOnlyList<CabinetAccount> Accounts { get; private set; } = [];

    public IReadOnlyList<(ICabinetWidget Widget, object Model)> Widgets { get; private set; } = [];

    [BindProperty]
    public string? Number { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public string? Error { get; private set; }

    public string? Message { get; private set; }

    private long ConsumerId => User.ConsumerId() ?? throw new InvalidOperationException("the cabinet policy lets consumers in only");

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (cache.Find(ConsumerId) is { } kept)
        {
            (Accounts, Widgets) = (kept.Accounts, kept.Widgets);
            return;
        }

        await LoadAsync(cancellationToken);
        cache.Remember(ConsumerId, new Dashboard(Accounts, Widgets));
    }

    public async Task<IActionResult> OnPostAttachAsync(CancellationToken cancellationToken)
    {
        var result = await cabinet.AttachAsync(ConsumerId, Number, Code, cancellationToken);
        Error = Messages.Of(text, result);
        Message = result.Succeeded ? text["Attach_Done", Number!.Trim()].Value : null;
        if (result.Succeeded)
            Number = Code = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Accounts = await cabinet.ListAsync(ConsumerId, cancellationToken);
        Widgets = await widgets.LoadAsync(ConsumerId, Accounts, cancellationToken);
    }
}
