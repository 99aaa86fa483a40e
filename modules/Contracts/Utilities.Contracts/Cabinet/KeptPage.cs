using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Utilities.Contracts.Cabinet;

/// <summary>
/// The dashboard's rendered page kept per browser session (ADR 28, fourth round): rendering the modules' partials and
/// the layout was most of a kept dashboard's cost. A session is the request's antiforgery cookie: the page's forms
/// carry request tokens that are valid with that cookie (and this consumer) only, so a page is served again only to
/// the session it was rendered for, and only while the dashboard it was rendered from is kept.
/// </summary>
internal static class KeptPage
{
    /// <summary>The session a page may be kept for: the antiforgery cookie's value, or null (none yet: the response sets one).</summary>
    public static string? Session(HttpContext context)
    {
        if (context.Request.QueryString.HasValue)
            return null;
        var name = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name;
        return name is not null && context.Request.Cookies.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
    }

    /// <summary>A kept page, with the headers the antiforgery system puts on a page with forms (never stored by a browser or proxy).</summary>
    public static IActionResult Serve(byte[] body) => new ServeResult(body);

    /// <summary>
    /// Asks <see cref="CaptureAttribute"/> to hand the page's bytes to <paramref name="keep"/> once rendered, when it is a
    /// plain 200 that set no new antiforgery cookie (a new cookie means the page's tokens belong to another session).
    /// </summary>
    public static void Capture(HttpContext context, Action<byte[]> keep) => context.Items[typeof(KeptPage)] = keep;

    private sealed class ServeResult(byte[] body) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/html; charset=utf-8";
            response.ContentLength = body.Length;
            response.Headers.CacheControl = "no-cache, no-store";
            response.Headers.Pragma = "no-cache";
            if (!response.Headers.ContainsKey(HeaderNames.XFrameOptions))
                response.Headers.XFrameOptions = "SAMEORIGIN";
            await response.Body.WriteAsync(body, context.HttpContext.RequestAborted);
        }
    }

    /// <summary>On a page model: renders the page into a buffer when <see cref="Capture"/> asked for it, then sends it on.</summary>
    [AttributeUsage(AttributeTargets.Class)]
    internal sealed class CaptureAttribute : Attribute, IAsyncResultFilter
    {
        public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
        {
            if (context.HttpContext.Items[typeof(KeptPage)] is not Action<byte[]> keep)
            {
                await next();
                return;
            }

            var response = context.HttpContext.Response;
            var original = response.Body;
            using var buffer = new MemoryStream(32 * 1024);
            response.Body = buffer;
            try
            {
                await next();
            }
            finally
            {
                response.Body = original;
            }

            var name = context.HttpContext.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name;
            var newCookie = name is not null && response.Headers.SetCookie.Any(c => c is not null && c.StartsWith(name + "=", StringComparison.Ordinal));
            if (response.StatusCode == StatusCodes.Status200OK && !newCookie)
                keep(buffer.ToArray());
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.HttpContext.RequestAborted);
        }
    }
}
