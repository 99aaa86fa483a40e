using Microsoft.EntityFrameworkCore;
using Utilities.Platform.Messaging;

namespace Utilities.Metering.Data;

/// <summary>Maps the <c>metering</c> schema; the module's migrations create it.</summary>
internal sealed class MeteringDbContext(DbContextOptions<MeteringDbContext> options) : DbContext(options)
{
    public DbSet<Meter> Meters => Set<Meter>();

    public DbSet<Reading> Readings => Set<Reading>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(MeteringModule.SchemaName);
        modelBuilder.HasOutboxAndInbox();
    }
}
