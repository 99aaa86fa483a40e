using Microsoft.EntityFrameworkCore;
using Utilities.Notifications.Data;

namespace Utilities.Notifications.Board;

internal sealed class NoticeBoard(NotificationsDbContext db) : INoticeBoard
{
    public async Task<IReadOnlyList<NoticeSummary>> CurrentForBuildingsAsync(IReadOnlyCollection<long> buildingIds, DateTimeOffset at, CancellationToken cancellationToken) =>
        await db.Notices
            .Where(n => (n.EndedAt == null || n.EndedAt > at) && n.Buildings.Any(b => buildingIds.Contains(b.BuildingId)))
            .OrderBy(n => n.StartsAt)
            .Select(n => new NoticeSummary(n.Id, n.Kind, n.Utility, n.Title, n.Reason, n.StartsAt, n.ExpectedEndAt))
            .ToListAsync(cancellationToken);
}
