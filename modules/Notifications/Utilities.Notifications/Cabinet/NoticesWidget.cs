using Utilities.Contracts;
using Utilities.Platform.Time;

namespace Utilities.Notifications.Cabinet;

/// <summary>The dashboard's notices: outages, planned works and tariff changes for the consumer's buildings.</summary>
internal sealed class NoticesWidget(INoticeBoard board, IClock clock) : ICabinetWidget
{
    public int Order => 10;

    public string PartialView => "_CabinetNotices";

    public async Task<object?> LoadAsync(CabinetView cabinet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cabinet);
        var notices = await board.CurrentForBuildingsAsync(cabinet.BuildingIds, clock.Now, cancellationToken);
        return notices.Count == 0 ? null : notices;
    }
}
