using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Contracts.Kiosk;
using Utilities.Platform.Identity;

namespace Utilities.Contracts.Pages.Kiosk;

/// <summary>Opened once on a new terminal with the link from the administrator's page: stores the device cookie.</summary>
internal sealed class PairModel(KioskTerminals terminals) : PageModel
{
    public bool Paired { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? token, CancellationToken cancellationToken)
    {
        var device = await terminals.PairAsync(token, cancellationToken);
        if (device is null)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        Response.Cookies.Append(KioskDevice.Cookie, device, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = Request.IsHttps,
            Expires = DateTimeOffset.UtcNow.AddYears(5),
            IsEssential = true,
        });
        Paired = true;
        return Page();
    }
}
