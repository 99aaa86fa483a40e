using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Host.Platform.Staff;
using Utilities.Host.Web;
using Utilities.Platform.Identity;

namespace Utilities.Host.Pages;

/// <summary>
/// Switches the interface language (Russian by default, English); formats stay ru-RU. The switch sits in the header of
/// all three shells, so its form carries a token issued to whoever the shell signed in (a consumer, a kiosk session, a
/// staff member or nobody), while this page's default scheme is the staff one: the token is checked against each
/// signed-in identity of the request in turn, and a request whose token fits none is refused.
/// </summary>
[IgnoreAntiforgeryToken]
internal sealed class CultureModel(IAntiforgery antiforgery) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(string? ui, string? returnUrl)
    {
        if (!await TokenFitsAsync())
            return BadRequest();
        var language = ui == "en" ? "en" : "ru-RU";
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture("ru-RU", language)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    private async Task<bool> TokenFitsAsync()
    {
        var asked = HttpContext.User;
        var candidates = new List<ClaimsPrincipal> { asked };
        foreach (var scheme in new[] { ConsumerAuthentication.Scheme, KioskSession.Scheme, StaffAuthentication.Scheme })
        {
            if (await HttpContext.AuthenticateAsync(scheme) is { Succeeded: true, Principal: { } principal })
                candidates.Add(principal);
        }

        candidates.Add(new ClaimsPrincipal(new ClaimsIdentity()));
        try
        {
            foreach (var principal in candidates)
            {
                HttpContext.User = principal;
                if (await antiforgery.IsRequestValidAsync(HttpContext))
                    return true;
            }

            return false;
        }
        finally
        {
            HttpContext.User = asked;
        }
    }
}
