using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Contracts.Cabinet;
using Utilities.Platform.Identity;

namespace Utilities.Contracts.Pages.Cabinet;

/// <summary>One account of the cabinet; any other account id answers 404, whether it exists or not.</summary>
internal sealed class AccountModel(CabinetAccounts cabinet) : PageModel
{
    public CabinetAccount Account { get; private set; } = null!;

    private long ConsumerId => User.ConsumerId() ?? throw new InvalidOperationException("the cabinet policy lets consumers in only");

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var account = await cabinet.FindAsync(ConsumerId, id, cancellationToken);
        if (account is null)
            return NotFound();
        Account = account;
        return Page();
    }

    public async Task<IActionResult> OnPostDetachAsync(long id, CancellationToken cancellationToken) =>
        await cabinet.DetachAsync(ConsumerId, id, cancellationToken) ? Redirect("/cabinet") : NotFound();
}
