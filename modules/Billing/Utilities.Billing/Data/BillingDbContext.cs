using Microsoft.EntityFrameworkCore;
using Utilities.Platform.Messaging;

namespace Utilities.Billing.Data;

/// <summary>Maps the <c>billing</c> schema; the module's migrations create it.</summary>
internal sealed class BillingDbContext(DbContextOptions<BillingDbContext> options) : DbContext(options)
{
    public DbSet<Tariff> Tariffs => Set<Tariff>();

    public DbSet<TariffVersion> TariffVersions => Set<TariffVersion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(BillingModule.SchemaName);
        modelBuilder.HasOutboxAndInbox();
        modelBuilder.Entity<TariffVersion>().Property(v => v.Price).HasPrecision(12, 4);
    }
}
