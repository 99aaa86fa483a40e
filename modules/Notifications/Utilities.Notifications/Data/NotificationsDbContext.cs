using Microsoft.EntityFrameworkCore;
using Utilities.Notifications.Delivery;
using Utilities.Platform.Messaging;

namespace Utilities.Notifications.Data;

/// <summary>Maps the <c>notifications</c> schema; the module's migrations create it.</summary>
internal sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    public DbSet<Notice> Notices => Set<Notice>();

    public DbSet<NoticeRevision> Revisions => Set<NoticeRevision>();

    public DbSet<SentMessage> SentMessages => Set<SentMessage>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<DeliveryRow> Deliveries => Set<DeliveryRow>();

    public DbSet<Preference> Preferences => Set<Preference>();

    public DbSet<ConsumerLanguage> Languages => Set<ConsumerLanguage>();

    public DbSet<Interruption> Interruptions => Set<Interruption>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(NotificationsModule.SchemaName);
        modelBuilder.HasOutboxAndInbox();
        modelBuilder.Entity<Notice>().Property(n => n.Kind).HasConversion<string>();
        modelBuilder.Entity<NoticeBuilding>().ToTable("notice_buildings").HasKey(b => new { b.NoticeId, b.BuildingId });
        modelBuilder.Entity<Notice>().HasMany(n => n.Buildings).WithOne().HasForeignKey(b => b.NoticeId);
        modelBuilder.Entity<NoticeRevision>().ToTable("notice_revisions").HasKey(r => new { r.NoticeId, r.Revision });
        modelBuilder.Entity<Message>().ToTable("messages");
        modelBuilder.Entity<DeliveryRow>().ToTable("deliveries");
        modelBuilder.Entity<Preference>().ToTable("preferences").HasKey(p => new { p.ConsumerId, p.Topic, p.Channel });
        modelBuilder.Entity<ConsumerLanguage>().ToTable("consumer_languages").HasKey(l => l.ConsumerId);
        modelBuilder.Entity<Interruption>().ToTable("interruptions").HasKey(i => new { i.NoticeId, i.AccountId });
    }
}
