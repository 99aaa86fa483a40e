using Microsoft.EntityFrameworkCore;
using Utilities.Platform.Messaging;

namespace Utilities.RepairFund.Data;

/// <summary>Maps the <c>repair_fund</c> schema; the module's migrations create it.</summary>
internal sealed class RepairFundDbContext(DbContextOptions<RepairFundDbContext> options) : DbContext(options)
{
    public DbSet<Fund> Funds => Set<Fund>();

    public DbSet<ContributionRate> ContributionRates => Set<ContributionRate>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(RepairFundModule.SchemaName);
        modelBuilder.HasOutboxAndInbox();
        modelBuilder.Entity<ContributionRate>().Property(r => r.RatePerSquareMetre).HasColumnName("rate_per_sqm").HasPrecision(10, 2);
    }
}
