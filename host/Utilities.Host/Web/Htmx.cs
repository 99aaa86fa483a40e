using Htmx;

namespace Utilities.Host.Web;

/// <summary>
/// One handler serves a page and its fragment: a plain request gets the page in its shell's
/// layout, an htmx request (not boosted, not a history restore) the same page without layout,
/// or whatever fragment the handler returns for it. Every HTML response says it varies by
/// <c>HX-Request</c>, so no cache hands a fragment to a browser that asked for the page.
/// </summary>
internal static class HtmxFragments
{
    public const string VaryHeader = "HX-Request";

    public static bool WantsFragment(this HttpRequest request) =>
        request.IsHtmx() && !request.IsHtmxBoosted() && !request.IsHtmxHistoryRestoreRequest();

    /// <summary>The layout a <c>_ViewStart</c> should use: none for a fragment.</summary>
    public static string? Layout(HttpContext context, string shellLayout) =>
        context.Request.WantsFragment() ? null : shellLayout;

    public static IApplicationBuilder UseVaryByHtmx(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var response = context.Response;
                if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                    response.Headers.Append("Vary", VaryHeader);
                return Task.CompletedTask;
            });
            return next(context);
        });
}
