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

    /// <summary>The latest revision: 1 when announced, one more with each update and the resolution.</summary>
    public int Revision { get; set; } = 1;

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>How many accounts the last fan-out reached (null until the first).</summary>
    public int? PremisesCount { get; set; }

    public List<NoticeBuilding> Buildings { get; init; } = [];
}

internal sealed class NoticeBuilding
{
    public long NoticeId { get; init; }

    public long BuildingId { get; init; }
}

/// <summary>What a notice said at one revision: what consumers were told in that round of messages.</summary>
internal sealed class NoticeRevision
{
    public long NoticeId { get; init; }

    public int Revision { get; init; }

    /// <summary><c>announced</c>, <c>updated</c> or <c>resolved</c>.</summary>
    public required string Change { get; init; }

    public required string Title { get; init; }

    public required string Reason { get; init; }

    public DateTimeOffset StartsAt { get; init; }

    public DateTimeOffset? ExpectedEndAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }
}

internal static class NoticeChanges
{
    public const string Announced = "announced";
    public const string Updated = "updated";
    public const string Resolved = "resolved";
}
