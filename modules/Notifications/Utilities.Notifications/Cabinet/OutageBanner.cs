using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Notifications.Data;
using Utilities.Notifications.Resources;

namespace Utilities.Notifications.Cabinet;

/// <summary>The banner of outages and planned works going on now at the consumer's buildings: HTML for the page and for each server-sent update.</summary>
internal sealed class OutageBanner(NotificationsDbContext db, IStringLocalizer<NotificationsText> text)
{
    public async Task<string> RenderAsync(IReadOnlyCollection<long> buildingIds, DateTimeOffset now, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var ids = buildingIds.ToArray();
        var current = await db.Notices.AsNoTracking()
            .Where(n => (n.Kind == NoticeKind.Outage || n.Kind == NoticeKind.PlannedWork) && n.StartsAt <= now && (n.EndedAt == null || n.EndedAt > now)
                        && n.Buildings.Any(b => ids.Contains(b.BuildingId)))
            .OrderBy(n => n.StartsAt)
            .Select(n => new BannerNotice(n.Id, n.Kind, n.Utility, n.Title, n.Reason, n.StartsAt, n.ExpectedEndAt, n.Revision))
            .ToListAsync(cancellationToken);
        return Render(current, zone);
    }

    /// <summary>
    /// The notices not ended at <paramref name="now"/> at these buildings, in one statement: the dashboard lists
    /// them all and renders the banner from the outages and planned works among them that have begun.
    /// </summary>
    public async Task<IReadOnlyList<BannerNotice>> CurrentAsync(IReadOnlyCollection<long> buildingIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = buildingIds.ToArray();
        return await db.Notices.AsNoTracking()
            .Where(n => (n.EndedAt == null || n.EndedAt > now) && n.Buildings.Any(b => ids.Contains(b.BuildingId)))
            .OrderBy(n => n.StartsAt)
            .Select(n => new BannerNotice(n.Id, n.Kind, n.Utility, n.Title, n.Reason, n.StartsAt, n.ExpectedEndAt, n.Revision))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The banner's HTML for the outages and planned works of <paramref name="notices"/> going on at <paramref name="now"/>.</summary>
    public string Render(IEnumerable<BannerNotice> notices, DateTimeOffset now, TimeZoneInfo zone) =>
        Render(notices.Where(n => (n.Kind == NoticeKind.Outage || n.Kind == NoticeKind.PlannedWork) && n.StartsAt <= now), zone);

    private string Render(IEnumerable<BannerNotice> current, TimeZoneInfo zone)
    {
        var html = new StringBuilder();
        var encode = HtmlEncoder.Default;
        foreach (var n in current)
        {
            var until = n.ExpectedEndAt is { } end
                ? text["Expected", TimeZoneInfo.ConvertTime(end, zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture)].Value
                : string.Empty;
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"outage-banner\" role=\"alert\" data-notice=\"{n.Id}\" data-revision=\"{n.Revision}\">")
                .Append("<strong>").Append(encode.Encode(text["Kind_" + n.Kind].Value)).Append(": ").Append(encode.Encode(n.Title)).Append("</strong> ")
                .Append(encode.Encode(until)).Append("<br />").Append(encode.Encode(n.Reason)).Append("</div>");
        }

        return html.ToString();
    }
}

/// <summary>A notice as the dashboard and its banner need it.</summary>
internal sealed record BannerNotice(
    long Id, NoticeKind Kind, string? Utility, string Title, string Reason, DateTimeOffset StartsAt, DateTimeOffset? ExpectedEndAt, int Revision)
{
    public NoticeSummary ToSummary() => new(Id, Kind, Utility, Title, Reason, StartsAt, ExpectedEndAt);
}
