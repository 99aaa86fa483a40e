using Microsoft.EntityFrameworkCore;
using Utilities.Platform.Messaging;

namespace Utilities.Contracts.Data;

/// <summary>Maps the <c>contracts</c> schema; the module's migrations create it.</summary>
internal sealed class ContractsDbContext(DbContextOptions<ContractsDbContext> options) : DbContext(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Building> Buildings => Set<Building>();

    public DbSet<Premises> Premises => Set<Premises>();

    public DbSet<Consumer> Consumers => Set<Consumer>();

    public DbSet<Contract> Contracts => Set<Contract>();

    public DbSet<PersonalAccount> Accounts => Set<PersonalAccount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ContractsModule.SchemaName);
        modelBuilder.HasOutboxAndInbox();
        modelBuilder.Entity<Premises>().ToTable("premises");
        modelBuilder.Entity<PersonalAccount>().ToTable("personal_accounts");
    }
}
