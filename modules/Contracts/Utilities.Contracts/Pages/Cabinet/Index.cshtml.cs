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
[KeptPage.Capture]
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

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // The page rendered before for this browser session from the dashboard still kept (ADR 28): served as it was.
        var session = KeptPage.Session(HttpContext);
        if (session is not null && cache.FindPage(ConsumerId, session) is { } page)
            return KeptPage.Serve(page);

        if (cache.Find(ConsumerId) is not { } dashboard)
        {
            await LoadAsync(cancellationToken);
            dashboard = new Dashboard(Accounts, Widgets);
            cache.Remember(ConsumerId, dashboard);
        }

        (Accounts, Widgets) = (dashboard.Accounts, dashboard.Widgets);
        if (session is not null && cache.Enabled)
        {
            var consumerId = ConsumerId;
            KeptPage.Capture(HttpContext, body => cache.RememberPage(consumerId, dashboard, session, body));
        }

        return Page();
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
