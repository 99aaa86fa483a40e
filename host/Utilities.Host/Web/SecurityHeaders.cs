namespace Utilities.Host.Web;

/// <summary>
/// Headers every response carries (issue 12, ADR 25): a content security policy without inline or
/// evaluated scripts (pages load scripts from this origin only; JSON data blocks are not executed),
/// no framing, no MIME sniffing, no referrer beyond the origin, no powerful browser features. HSTS is
/// added by <c>UseHsts</c> for HTTPS requests; Kestrel's <c>Server</c> banner is switched off in the builder.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// <c>form-action</c> is left out on purpose: the online payment form is answered with a redirect to the
    /// acquirer's page, and browsers apply <c>form-action</c> to the redirect's target too.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
