using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;
using Microsoft.OData.ModelBuilder;
using Utilities.Notifications.Data;
using Utilities.Platform.Api;

namespace Utilities.Notifications.OData;

/// <summary>What integrators see of this module: notices and the buildings they concern (not who wrote them).</summary>
internal static class NotificationsODataModel
{
    public const string Namespace = "Utilities.Notifications";

    public static void Add(ODataConventionModelBuilder builder)
    {
        builder.AddEntitySet<NoticeRecord>(Namespace, "Notices", "Notice");
        builder.EnumType<NoticeKind>().Namespace = Namespace;
    }
}

internal sealed class NoticeRecord
{
    public long Id { get; init; }

    public NoticeKind Kind { get; init; }

    public string? Utility { get; init; }

    public required string Title { get; init; }

    public required string Reason { get; init; }

    public DateTimeOffset StartsAt { get; init; }

    public DateTimeOffset? ExpectedEndAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required IList<long> BuildingIds { get; init; }
}

internal sealed class NoticesController(NotificationsDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<NoticeRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<NoticeRecord> Get(long key) => SingleResult.Create(Query().Where(n => n.Id == key));

    private IQueryable<NoticeRecord> Query() => db.Notices.AsNoTracking()
        .Select(n => new NoticeRecord
        {
            Id = n.Id, Kind = n.Kind, Utility = n.Utility, Title = n.Title, Reason = n.Reason,
            StartsAt = n.StartsAt, ExpectedEndAt = n.ExpectedEndAt, EndedAt = n.EndedAt, CreatedAt = n.CreatedAt,
            BuildingIds = n.Buildings.Select(b => b.BuildingId).ToList(),
        });
}
