using Utilities.Contracts;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Notifications.Cabinet;

/// <summary>The dashboard's notices: the live outage banner (always there, so an outage announced later appears), and the other current notices.</summary>
internal sealed class NoticesWidget(INoticeBoard board, OutageBanner banner, ISettings settings, IClock clock) : ICabinetWidget
{
    public int Order => 10;

    public string PartialView => "_CabinetNotices";

    public async Task<object?> LoadAsync(CabinetView cabinet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cabinet);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await settings.GetCurrentAsync(PlatformSettings.TimeZone, cancellationToken));
        var notices = await board.CurrentForBuildingsAsync(cabinet.BuildingIds, clock.Now, cancellationToken);
        var html = await banner.RenderAsync(cabinet.BuildingIds, clock.Now, zone, cancellationToken);
        return new CabinetNotices(html, notices);
    }
}

internal sealed record CabinetNotices(string BannerHtml, IReadOnlyList<NoticeSummary> Notices);
