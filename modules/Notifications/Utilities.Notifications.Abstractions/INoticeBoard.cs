namespace Utilities.Notifications;

/// <summary>Notices to consumers (outages, planned works, tariff changes) for the cabinet, kiosk and other modules.</summary>
public interface INoticeBoard
{
    /// <summary>Notices affecting any of the buildings that have not ended at the given moment.</summary>
    Task<IReadOnlyList<NoticeSummary>> CurrentForBuildingsAsync(IReadOnlyCollection<long> buildingIds, DateTimeOffset at, CancellationToken cancellationToken);
}

public enum NoticeKind
{
    /// <summary>An emergency outage (аварийное отключение).</summary>
    Outage,

    /// <summary>Planned works or maintenance (плановые работы, профилактика).</summary>
    PlannedWork,

    TariffChange,

    Information,
}

public sealed record NoticeSummary(long Id, NoticeKind Kind, string? Utility, string Title, string Reason, DateTimeOffset StartsAt, DateTimeOffset? ExpectedEndAt);
