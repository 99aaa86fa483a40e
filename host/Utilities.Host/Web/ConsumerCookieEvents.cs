using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Utilities.Contracts;
using Utilities.Platform.Identity;

namespace Utilities.Host.Web;

/// <summary>
/// Checks a consumer's cookie on every request against Contracts: a changed password (new
/// security stamp) or a removed login ends the session at once. Without the Contracts module no
/// consumer is signed in.
/// </summary>
internal sealed class ConsumerCookieEvents(IServiceProvider services) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var identity = services.GetService<IConsumerIdentity>();
        var consumerId = principal?.ConsumerId();
        var stamp = principal?.FindFirst(ConsumerAuthentication.StampClaim)?.Value;
        if (identity is null || consumerId is null || !Guid.TryParseExact(stamp, "N", out var guid)
            || !await identity.IsCurrentAsync(consumerId.Value, guid, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsumerAuthentication.Scheme);
        }
    }
}
