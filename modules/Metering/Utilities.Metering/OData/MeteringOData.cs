using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;
using Microsoft.OData.ModelBuilder;
using Utilities.Metering.Data;
using Utilities.Platform.Api;

namespace Utilities.Metering.OData;

/// <summary>What integrators see of this module: meters, their readings and the consumption measured by them (read-only).</summary>
internal static class MeteringODataModel
{
    public const string Namespace = "Utilities.Metering";

    public static void Add(ODataConventionModelBuilder builder)
    {
        builder.AddEntitySet<MeterRecord>(Namespace, "Meters", "Meter");
        builder.AddEntitySet<ReadingRecord>(Namespace, "Readings", "Reading");
        // Composite keys in alphabetical order: the order ASP.NET Core OData matches the key segment in.
        builder.AddEntitySet<ConsumptionRecord>(Namespace, "Consumption", "Consumption").EntityType.HasKey(c => c.MeterId).HasKey(c => c.Period).HasKey(c => c.Register);
        builder.AddEntitySet<DailyConsumptionRecord>(Namespace, "DailyConsumption", "DailyConsumption").EntityType.HasKey(c => c.Day).HasKey(c => c.MeterId).HasKey(c => c.Register);
    }
}

/// <summary>A premises meter (with <see cref="AccountId"/>) or a building meter (with <see cref="BuildingId"/>).</summary>
internal sealed class MeterRecord
{
    public long Id { get; init; }

    public long? AccountId { get; init; }

    public long? BuildingId { get; init; }

    public required string Utility { get; init; }

    public required string Serial { get; init; }

    public required IList<string> Registers { get; init; }

    public int DigitCapacity { get; init; }

    public bool IsAutomated { get; init; }

    public DateOnly InstalledOn { get; init; }

    public DateOnly VerifiedUntil { get; init; }

    public DateOnly? RemovedOn { get; init; }
}

internal sealed class ReadingRecord
{
    public long Id { get; init; }

    public long MeterId { get; init; }

    public required string Register { get; init; }

    public decimal Value { get; init; }

    /// <summary>When it was taken, in the site's local time.</summary>
    public DateTime TakenAt { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }

    /// <summary><c>inspector</c>, <c>automation</c> or <c>consumer</c>.</summary>
    public required string Source { get; init; }

    /// <summary><c>regular</c>, or <c>initial</c>/<c>final</c> for a replacement.</summary>
    public required string Kind { get; init; }

    /// <summary>The billing period (first day of the month) the reading counts for.</summary>
    public DateOnly Period { get; init; }

    /// <summary><c>confirmed</c>, <c>pending</c> or <c>rejected</c>.</summary>
    public required string Status { get; init; }
}

/// <summary>
/// The meters an API client may see (ADR 23): all, or those of the accounts of its supplier and/or service
/// (a client bound to a supplier sees no building meters: they belong to no account). Without the
/// Contracts module a scoped client sees none.
/// </summary>
internal static class MeteringScope
{
    public static async Task<IQueryable<Meter>> MetersAsync(MeteringDbContext db, IServiceProvider services, ApiDataScope scope, CancellationToken cancellationToken)
    {
        var meters = db.Meters.AsNoTracking();
        if (scope.IsAll)
            return meters;
        if (scope.Utility is { } utility)
            meters = meters.Where(m => m.Utility == utility);
        if (await SupplierAccountsAsync(services, scope, cancellationToken) is { } ids)
            meters = meters.Where(m => m.AccountId != null && ids.Contains(m.AccountId.Value));
        return meters;
    }

    /// <summary>The accounts of the scope's supplier (and service) from Contracts; null when the scope names no supplier.</summary>
    public static async Task<long[]?> SupplierAccountsAsync(IServiceProvider services, ApiDataScope scope, CancellationToken cancellationToken)
    {
        if (scope.SupplierId is not { } supplier)
            return null;
        return services.GetService(typeof(Utilities.Contracts.IAccountDirectory)) is Utilities.Contracts.IAccountDirectory directory
            ? await directory.AccountIdsAsync(supplier, scope.Utility, cancellationToken)
            : [];
    }
}

internal sealed class MetersController(MeteringDbContext db, IServiceProvider services) : ODataController
{
    [ApiQuery]
    public async Task<IQueryable<MeterRecord>> Get(CancellationToken cancellationToken) => Project(await MeteringScope.MetersAsync(db, services, ApiDataScope.Of(User), cancellationToken));

    [ApiQuery]
    public async Task<SingleResult<MeterRecord>> Get(long key, CancellationToken cancellationToken) =>
        SingleResult.Create(Project(await MeteringScope.MetersAsync(db, services, ApiDataScope.Of(User), cancellationToken)).Where(m => m.Id == key));

    private static IQueryable<MeterRecord> Project(IQueryable<Meter> meters) => meters
        .Select(m => new MeterRecord
        {
            Id = m.Id, AccountId = m.AccountId, BuildingId = m.BuildingId, Utility = m.Utility, Serial = m.Serial,
            Registers = m.Registers, DigitCapacity = m.DigitCapacity, IsAutomated = m.IsAutomated,
            InstalledOn = m.InstalledOn, VerifiedUntil = m.VerifiedUntil, RemovedOn = m.RemovedOn,
        });
}

internal sealed class ReadingsController(MeteringDbContext db, IServiceProvider services) : ODataController
{
    [ApiQuery]
    public async Task<IQueryable<ReadingRecord>> Get(CancellationToken cancellationToken) => await QueryAsync(cancellationToken);

    [ApiQuery]
    public async Task<SingleResult<ReadingRecord>> Get(long key, CancellationToken cancellationToken) =>
        SingleResult.Create((await QueryAsync(cancellationToken)).Where(r => r.Id == key));

    private async Task<IQueryable<ReadingRecord>> QueryAsync(CancellationToken cancellationToken)
    {
        var scope = ApiDataScope.Of(User);
        var readings = db.Readings.AsNoTracking();
        if (!scope.IsAll)
        {
            var meters = await MeteringScope.MetersAsync(db, services, scope, cancellationToken);
            readings = readings.Where(r => meters.Any(m => m.Id == r.MeterId));
        }

        return readings.Select(r => new ReadingRecord
        {
            Id = r.Id, MeterId = r.MeterId, Register = r.Register, Value = r.Value, TakenAt = r.TakenAt, Kind = r.Kind, Period = r.Period,
            SubmittedAt = r.SubmittedAt, Source = r.Source, Status = r.Status,
        });
    }
}
