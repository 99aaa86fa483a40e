using Microsoft.EntityFrameworkCore;
using Utilities.Platform.Messaging;

namespace Utilities.Notifications.Data;

/// <summary>Maps the <c>notifications</c> schema; the module's migrations create it.</summary>
internal sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    public DbSet<Notice> Notices => Set<Notice>();

    public DbSet<Delivery.SentMessage> SentMessages => Set<Delivery.SentMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(NotificationsModule.SchemaName);
        modelBuilder.HasOutboxAndInbox();
        modelBuilder.Entity<Notice>().Property(n => n.Kind).HasConversion<string>();
        modelBuilder.Entity<NoticeBuilding>().ToTable("notice_buildings").HasKey(b => new { b.NoticeId, b.BuildingId });
        modelBuilder.Entity<Notice>().HasMany(n => n.Buildings).WithOne().HasForeignKey(b => b.NoticeId);
    }
}
