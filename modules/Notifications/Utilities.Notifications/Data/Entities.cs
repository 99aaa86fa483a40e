namespace Utilities.Notifications.Data;

internal sealed class Notice
{
    public long Id { get; init; }

    public NoticeKind Kind { get; init; }

    /// <summary>The utility affected, or null for a notice about no one service.</summary>
    public string? Utility { get; init; }

    public required string Title { get; set; }

    public required string Reason { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset? ExpectedEndAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public List<NoticeBuilding> Buildings { get; init; } = [];
}

internal sealed class NoticeBuilding
{
    public long NoticeId { get; init; }

    public long BuildingId { get; init; }
}
