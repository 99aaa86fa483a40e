using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Filters;
using Utilities.Contracts;
using Utilities.Platform.Identity;
using Utilities.Platform.Settings;

namespace Utilities.Host.Web;

/// <summary>
/// The kiosk: a terminal is a browser holding the device cookie of a registered terminal; a
/// consumer's session there is a session cookie of its own scheme that ends after the idle time
/// the centre sets (default 90 s), when the next person starts, or on "sign out".
/// </summary>
internal static class KioskSession
{
    public const string Scheme = ConsumerAuthentication.KioskScheme;
    public const string Policy = ConsumerAuthentication.KioskPolicy;
    public const string DeviceCookie = KioskDevice.Cookie;
    public const string LastActivityClaim = ConsumerAuthentication.LastActivityClaim;
}

/// <summary>Refuses kiosk pages (403) to browsers without the device cookie of a registered, unrevoked terminal.</summary>
internal sealed class KioskDeviceFilter(IServiceProvider services) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        var terminals = services.GetService<IKioskTerminals>();
        var terminal = terminals is null ? null : await terminals.ValidateAsync(http.Request.Cookies[KioskSession.DeviceCookie], http.RequestAborted);
        if (terminal is null)
        {
            context.Result = new Microsoft.AspNetCore.Mvc.StatusCodeResult(StatusCodes.Status403Forbidden);
            return;
        }

        http.Items[KioskSession.DeviceCookie] = terminal.Value;
        // A kiosk is shared: nothing a person saw may come back from the browser's cache for the next one.
        http.Response.Headers.CacheControl = "no-store";
        await next();
    }
}

/// <summary>Ends an idle kiosk session and keeps an active one alive (the last activity travels in the cookie).</summary>
internal sealed class KioskCookieEvents(ISettings settings, TimeProvider time) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var idle = await settings.GetCurrentAsync(ContractsSettings.KioskInactivitySeconds, context.HttpContext.RequestAborted);
        if (principal is null || principal.ConsumerId() is null
            || !long.TryParse(principal.FindFirstValue(KioskSession.LastActivityClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || now - last > idle)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(KioskSession.Scheme);
            return;
        }

        if (now - last >= 5)
        {
            var identity = new ClaimsIdentity(principal.Claims.Where(c => c.Type != KioskSession.LastActivityClaim), KioskSession.Scheme);
            identity.AddClaim(new Claim(KioskSession.LastActivityClaim, now.ToString(CultureInfo.InvariantCulture)));
            context.ReplacePrincipal(new ClaimsPrincipal(identity));
            context.ShouldRenew = true;
        }
    }
}
