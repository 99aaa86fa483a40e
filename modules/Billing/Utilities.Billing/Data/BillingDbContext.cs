using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Registries;
using Utilities.Platform.Messaging;

namespace Utilities.Billing.Data;

/// <summary>Maps the <c>billing</c> schema; the module's migrations create it.</summary>
internal sealed class BillingDbContext(DbContextOptions<BillingDbContext> options) : DbContext(options)
{
    public DbSet<Tariff> Tariffs => Set<Tariff>();

    public DbSet<TariffVersion> TariffVersions => Set<TariffVersion>();

    public DbSet<Norm> Norms => Set<Norm>();

    public DbSet<BillingPeriodState> Periods => Set<BillingPeriodState>();

    public DbSet<BillingRun> Runs => Set<BillingRun>();

    public DbSet<RunProblem> RunProblems => Set<RunProblem>();

    public DbSet<ChargeLineRow> ChargeLines => Set<ChargeLineRow>();

    public DbSet<Estimation> Estimations => Set<Estimation>();

    public DbSet<Recalculation> Recalculations => Set<Recalculation>();

    public DbSet<Absence> Absences => Set<Absence>();

    public DbSet<Bill> Bills => Set<Bill>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<AccountBalance> AccountBalances => Set<AccountBalance>();

    public DbSet<Debt> Debts => Set<Debt>();

    public DbSet<RegistryBank> RegistryBanks => Set<RegistryBank>();

    public DbSet<Registry> Registries => Set<Registry>();

    public DbSet<RegistryRow> RegistryRows => Set<RegistryRow>();

    public DbSet<InstalmentOffer> InstalmentOffers => Set<InstalmentOffer>();

    public DbSet<DebtWarningRow> DebtWarnings => Set<DebtWarningRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(BillingModule.SchemaName);
        modelBuilder.HasOutboxAndInbox();
        modelBuilder.Entity<TariffVersion>().Property(v => v.Price).HasPrecision(12, 4);
        modelBuilder.Entity<BillingPeriodState>().ToTable("periods").HasKey(p => p.Period);
        modelBuilder.Entity<BillingRun>().ToTable("runs");
        modelBuilder.Entity<RunProblem>().ToTable("run_problems").HasKey(p => new { p.RunId, p.AccountId });
        modelBuilder.Entity<ChargeLineRow>().ToTable("charge_lines").HasKey(l => new { l.Period, l.Id });
        modelBuilder.Entity<Estimation>().ToTable("estimations").HasKey(e => new { e.Period, e.AccountId, e.MeterId, e.Register });
        modelBuilder.Entity<Bill>().ToTable("bills").Property(b => b.Document).HasColumnType("json");
        modelBuilder.Entity<Payment>().ToTable("payments");
        modelBuilder.Entity<LedgerEntry>().ToTable("ledger_entries");
        modelBuilder.Entity<AccountBalance>().ToTable("account_balances").HasKey(b => b.AccountId);
        modelBuilder.Entity<Debt>().ToTable("debts").HasKey(d => new { d.AccountId, d.ForPeriod });
        modelBuilder.Entity<Debt>().Property(d => d.Owing).HasComputedColumnSql("open > 0", stored: true);
        modelBuilder.Entity<RegistryBank>().ToTable("registry_banks").HasKey(b => b.Code);
        modelBuilder.Entity<Registry>().ToTable("registries");
        modelBuilder.Entity<RegistryRow>().ToTable("registry_rows").HasKey(r => new { r.RegistryId, r.Line });
        modelBuilder.Entity<InstalmentOffer>().ToTable("instalment_offers");
        modelBuilder.Entity<DebtWarningRow>().ToTable("debt_warnings");
    }
}
