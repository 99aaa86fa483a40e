using Utilities.Contracts;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Notifications.Cabinet;

/// <summary>The dashboard's notices: the live outage banner (always there, so an outage announced later appears), and the other current notices.</summary>
internal sealed class NoticesWidget(OutageBanner banner, ISettings settings, IClock clock) : ICabinetWidget
{
    public int Order => 10;

    public string PartialView => "_CabinetNotices";

    public async Task<object?> LoadAsync(CabinetView cabinet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cabinet);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await settings.GetCurrentAsync(PlatformSettings.TimeZone, cancellationToken));
        // One statement for both: the notices not ended (the list, as INoticeBoard.CurrentForBuildingsAsync) and
        // the banner's outages and planned works going on now among them.
        var now = clock.Now;
        var current = await banner.CurrentAsync(cabinet.BuildingIds, now, cancellationToken);
        return new CabinetNotices(banner.Render(current, now, zone), current.Select(n => n.ToSummary()).ToList());
    }
}

internal sealed record CabinetNotices(string BannerHtml, IReadOnlyList<NoticeSummary> Notices);
