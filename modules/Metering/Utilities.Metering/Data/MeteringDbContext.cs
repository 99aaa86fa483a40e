using Microsoft.EntityFrameworkCore;
using Utilities.Platform.Messaging;

namespace Utilities.Metering.Data;

/// <summary>Maps the <c>metering</c> schema; the module's migrations create it.</summary>
internal sealed class MeteringDbContext(DbContextOptions<MeteringDbContext> options) : DbContext(options)
{
    public DbSet<Meter> Meters => Set<Meter>();

    public DbSet<Reading> Readings => Set<Reading>();

    public DbSet<InspectionTask> InspectionTasks => Set<InspectionTask>();

    public DbSet<WeatherDay> Weather => Set<WeatherDay>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(MeteringModule.SchemaName);
        modelBuilder.HasOutboxAndInbox();
        modelBuilder.Entity<Reading>(reading =>
        {
            reading.HasKey(r => new { r.MeterId, r.Register, r.TakenAt, r.Source });
            reading.Property(r => r.Id).ValueGeneratedOnAdd().UseIdentityByDefaultColumn();
            reading.Property(r => r.TakenAt).HasColumnType("timestamp without time zone");
            reading.Property(r => r.Findings).HasColumnType("jsonb");
        });
        modelBuilder.Entity<WeatherDay>(weather =>
        {
            weather.ToTable("weather");
            weather.HasKey(w => new { w.Site, w.Day });
        });
    }
}
