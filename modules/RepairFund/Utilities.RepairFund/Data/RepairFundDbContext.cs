using Microsoft.EntityFrameworkCore;
using Utilities.Platform.Messaging;

namespace Utilities.RepairFund.Data;

/// <summary>Maps the <c>repair_fund</c> schema; the module's migrations create it.</summary>
internal sealed class RepairFundDbContext(DbContextOptions<RepairFundDbContext> options) : DbContext(options)
{
    public DbSet<Fund> Funds => Set<Fund>();

    public DbSet<ContributionRate> ContributionRates => Set<ContributionRate>();

    public DbSet<Entry> Entries => Set<Entry>();

    public DbSet<Work> Works => Set<Work>();

    public DbSet<Spending> Spending => Set<Spending>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(RepairFundModule.SchemaName);
        modelBuilder.HasOutboxAndInbox();
        modelBuilder.Entity<Fund>().Ignore(f => f.IsSpecial);
        modelBuilder.Entity<ContributionRate>().Property(r => r.RatePerSquareMetre).HasColumnName("rate_per_sqm").HasPrecision(10, 2);
        modelBuilder.Entity<Entry>().ToTable("entries");
        modelBuilder.Entity<Work>().ToTable("works");
        modelBuilder.Entity<Spending>().ToTable("spending");
    }
}
