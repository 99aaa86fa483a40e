using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Utilities.Host.Platform.Staff;

/// <summary>
/// Checks a staff cookie against the user's row on every request: a deactivated user is signed
/// out at once and changed roles apply at once (one indexed read per back-office request).
/// </summary>
internal sealed class StaffCookieEvents(StaffDirectory staff) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null)
            return;
        var user = await staff.FindAsync(context.Principal, context.HttpContext.RequestAborted);
        if (user is null || !user.IsActive)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(StaffAuthentication.Scheme);
            return;
        }

        var current = StaffDirectory.PrincipalOf(user);
        if (!SameClaims(context.Principal, current))
        {
            context.ReplacePrincipal(current);
            context.ShouldRenew = true;
        }
    }

    private static bool SameClaims(System.Security.Claims.ClaimsPrincipal a, System.Security.Claims.ClaimsPrincipal b) =>
        a.Claims.Select(c => (c.Type, c.Value)).Order().SequenceEqual(b.Claims.Select(c => (c.Type, c.Value)).Order());
}
