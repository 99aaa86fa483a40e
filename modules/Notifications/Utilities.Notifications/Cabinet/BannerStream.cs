using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts;
using Utilities.Notifications.Notices;
using Utilities.Platform.Identity;
using Utilities.Platform.Settings;

namespace Utilities.Notifications.Cabinet;

/// <summary>
/// <c>GET /cabinet/notifications/banner</c>: server-sent events (htmx's sse extension) with the
/// outage banner's HTML as event <c>outages</c>, sent when it changes. It re-reads when a notice
/// of this host changes, and every few seconds for notices of other hosts.
/// </summary>
internal static class BannerStream
{
    public const string Route = "/cabinet/notifications/banner";
    public const string EventName = "outages";

    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Route, StreamAsync).RequireAuthorization(ConsumerAuthentication.Policy);

    private static async Task StreamAsync(HttpContext context, IConsumerAccounts accounts, OutageBanner banner, ISettings settings, NotificationSignals signals, TimeProvider time)
    {
        var consumerId = context.User.ConsumerId();
        if (consumerId is null)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var cancellationToken = context.RequestAborted;
        var view = await accounts.ViewAsync(consumerId.Value, cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await settings.GetCurrentAsync(PlatformSettings.TimeZone, cancellationToken));
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();

        var changed = new SemaphoreSlim(0, 1);
        void OnChanged()
        {
            if (changed.CurrentCount == 0)
                changed.Release();
        }

        signals.Changed += OnChanged;
        try
        {
            string? last = null;
            await context.Response.WriteAsync(": connected\n\n", cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                var html = await banner.RenderAsync(view.BuildingIds, time.GetUtcNow(), zone, cancellationToken);
                if (html != last)
                {
                    // One data line: the banner's HTML has no line breaks of its own.
                    await context.Response.WriteAsync($"event: {EventName}\ndata: {html.Replace("\n", " ", StringComparison.Ordinal)}\n\n", cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                    last = html;
                }

                await changed.WaitAsync(Poll, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
        finally
        {
            signals.Changed -= OnChanged;
        }
    }
}
