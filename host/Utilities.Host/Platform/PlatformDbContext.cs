using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Utilities.Host.Platform.ApiClients;
using Utilities.Host.Platform.Audit;
using Utilities.Host.Platform.Staff;

namespace Utilities.Host.Platform;

/// <summary>Maps the <c>platform</c> schema; migrations create it, this context never does.</summary>
internal sealed class PlatformDbContext(DbContextOptions<PlatformDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<StaffUser> StaffUsers => Set<StaffUser>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    public DbSet<Extracts.ExtractRequest> ExtractRequests => Set<Extracts.ExtractRequest>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Startup.DatabaseBootstrap.PlatformSchema);
        modelBuilder.Entity<AuditEntry>().ToTable("audit_log");
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        modelBuilder.Entity<ApiClient>().ToTable("api_clients").Ignore(c => c.IsRevoked);
        modelBuilder.Entity<Extracts.ExtractRequest>().ToTable("extract_requests");
    }
}
