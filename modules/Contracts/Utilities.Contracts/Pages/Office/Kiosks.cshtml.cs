using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Contracts.Data;
using Utilities.Contracts.Kiosk;
using Utilities.Contracts.Resources;
using Utilities.Platform.Auditing;
using Utilities.Platform.Identity;

namespace Utilities.Contracts.Pages.Office;

/// <summary>Administrators register kiosk terminals (the pairing link is shown once) and revoke them.</summary>
internal sealed class KiosksModel(KioskTerminals terminals, ICurrentUser user, IAuditLog audit, IStringLocalizer<ContractsText> text) : PageModel
{
    public IReadOnlyList<KioskTerminal> Terminals { get; private set; } = [];

    [BindProperty]
    [StringLength(100)]
    public string? Name { get; set; }

    public string? PairingLink { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Terminals = await terminals.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostRegisterAsync(CancellationToken cancellationToken)
    {
        var name = Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            Error = text["Kiosks_NameRequired"];
        }
        else
        {
            var (terminal, token) = await terminals.RegisterAsync(name, user.Id ?? "unknown", cancellationToken);
            await audit.WriteAsync("kiosk.registered", $"kiosk:{terminal.Id}", name, cancellationToken);
            PairingLink = $"{Request.Scheme}://{Request.Host}/kiosk/pair?token={token}";
            Response.Headers.CacheControl = "no-store";
        }

        Terminals = await terminals.ListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken cancellationToken)
    {
        if (await terminals.RevokeAsync(id, cancellationToken))
            await audit.WriteAsync("kiosk.revoked", $"kiosk:{id}", null, cancellationToken);
        return RedirectToPage();
    }
}
