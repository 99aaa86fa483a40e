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

    public DbSet<MonthlyConsumptionRow> MonthlyConsumption => Set<MonthlyConsumptionRow>();

    public DbSet<DailyConsumptionRow> DailyConsumption => Set<DailyConsumptionRow>();

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
        modelBuilder.Entity<MonthlyConsumptionRow>(row =>
        {
            row.ToView("consumption_monthly").HasKey(c => new { c.MeterId, c.Register, c.Period });
            row.Property(c => c.ClosingTakenAt).HasColumnType("timestamp without time zone");
        });
        modelBuilder.Entity<DailyConsumptionRow>(row =>
        {
            row.ToView("consumption_daily").HasKey(c => new { c.MeterId, c.Register, c.Day });
            row.Property(c => c.ClosingTakenAt).HasColumnType("timestamp without time zone");
        });
    }
}
