using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts;
using Utilities.Notifications.Data;
using Utilities.Platform.Modules;

namespace Utilities.Notifications.Demo;

/// <summary>A past outage and the coming yearly hot-water maintenance shutdown (about 14 days).</summary>
internal sealed class NotificationsDemoData(NotificationsDbContext db, IServiceProvider services, TimeProvider time) : IDemoData
{
    public int Order => 50;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var directory = services.GetService<IBuildingDirectory>();
        if (directory is null || await db.Notices.AnyAsync(cancellationToken))
            return;
        var buildings = await directory.ListAsync(cancellationToken);
        if (buildings.Count == 0)
            return;

        var now = time.GetUtcNow();
        var morning = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(6); // 09:00 Moscow
        db.Notices.Add(new Notice
        {
            Kind = NoticeKind.Outage,
            Utility = "cold-water",
            Title = "Аварийное отключение холодной воды",
            Reason = "Порыв водопровода на вводе в дом; аварийная бригада МУП «Водоканал» на месте.",
            StartsAt = morning.AddDays(-9),
            ExpectedEndAt = morning.AddDays(-9).AddHours(6),
            EndedAt = morning.AddDays(-9).AddHours(5),
            CreatedAt = morning.AddDays(-9),
            UpdatedAt = morning.AddDays(-9),
            CreatedBy = "demo",
            Buildings = [new NoticeBuilding { BuildingId = buildings[0].Id }],
        });
        db.Notices.Add(new Notice
        {
            Kind = NoticeKind.PlannedWork,
            Utility = "hot-water",
            Title = "Плановое отключение горячей воды",
            Reason = "Ежегодные профилактические работы на тепловых сетях и подготовка к гидравлическим испытаниям.",
            StartsAt = morning.AddDays(14),
            ExpectedEndAt = morning.AddDays(28),
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = "demo",
            Buildings = buildings.Take(2).Select(b => new NoticeBuilding { BuildingId = b.Id }).ToList(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
