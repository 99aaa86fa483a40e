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

    public DbSet<PremisesOwner> Owners => Set<PremisesOwner>();

    public DbSet<ContactChange> ContactChanges => Set<ContactChange>();

    public DbSet<ConsumerLogin> Logins => Set<ConsumerLogin>();

    public DbSet<OneTimeCode> Codes => Set<OneTimeCode>();

    public DbSet<CabinetAttachment> Attachments => Set<CabinetAttachment>();

    public DbSet<KioskTerminal> KioskTerminals => Set<KioskTerminal>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ContractsModule.SchemaName);
        modelBuilder.HasOutboxAndInbox();
        modelBuilder.Entity<Premises>().ToTable("premises");
        modelBuilder.Entity<PersonalAccount>().ToTable("personal_accounts");
        modelBuilder.Entity<PremisesOwner>().ToTable("premises_owners");
        modelBuilder.Entity<ContactChange>().ToTable("consumer_contact_changes");
        modelBuilder.Entity<ConsumerLogin>().ToTable("consumer_logins").HasKey(l => l.ConsumerId);
        modelBuilder.Entity<ConsumerLogin>().Property(l => l.ConsumerId).ValueGeneratedNever();
        modelBuilder.Entity<OneTimeCode>().ToTable("one_time_codes");
        modelBuilder.Entity<CabinetAttachment>().ToTable("cabinet_attachments");
        modelBuilder.Entity<KioskTerminal>().ToTable("kiosk_terminals");
    }
}
