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
            .Select(n => new { n.Id, n.Kind, n.Utility, n.Title, n.Reason, n.StartsAt, n.ExpectedEndAt, n.Revision })
            .ToListAsync(cancellationToken);
        if (current.Count == 0)
            return string.Empty;
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
