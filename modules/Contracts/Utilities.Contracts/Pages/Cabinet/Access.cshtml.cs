using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Contracts.Cabinet;
using Utilities.Platform.Identity;

namespace Utilities.Contracts.Pages.Cabinet;

/// <summary>Who else sees the accounts of my contracts; the holder can revoke each access.</summary>
internal sealed class AccessModel(CabinetAccounts cabinet) : PageModel
{
    public IReadOnlyList<GrantedAccess> Granted { get; private set; } = [];

    private long ConsumerId => User.ConsumerId() ?? throw new InvalidOperationException("the cabinet policy lets consumers in only");

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Granted = await cabinet.GrantedAsync(ConsumerId, cancellationToken);

    public async Task<IActionResult> OnPostRevokeAsync(long attachment, CancellationToken cancellationToken) =>
        await cabinet.RevokeAsync(ConsumerId, attachment, cancellationToken) ? Redirect("/cabinet/access") : NotFound();
}
