using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;
using Microsoft.OData.ModelBuilder;
using Utilities.Metering.Data;
using Utilities.Platform.Api;

namespace Utilities.Metering.OData;

/// <summary>What integrators see of this module: meters and their readings (read-only for now).</summary>
internal static class MeteringODataModel
{
    public const string Namespace = "Utilities.Metering";

    public static void Add(ODataConventionModelBuilder builder)
    {
        builder.AddEntitySet<MeterRecord>(Namespace, "Meters", "Meter");
        builder.AddEntitySet<ReadingRecord>(Namespace, "Readings", "Reading");
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

internal sealed class MetersController(MeteringDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<MeterRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<MeterRecord> Get(long key) => SingleResult.Create(Query().Where(m => m.Id == key));

    private IQueryable<MeterRecord> Query() => db.Meters.AsNoTracking()
        .Select(m => new MeterRecord
        {
            Id = m.Id, AccountId = m.AccountId, BuildingId = m.BuildingId, Utility = m.Utility, Serial = m.Serial,
            Registers = m.Registers, DigitCapacity = m.DigitCapacity, IsAutomated = m.IsAutomated,
            InstalledOn = m.InstalledOn, VerifiedUntil = m.VerifiedUntil, RemovedOn = m.RemovedOn,
        });
}

internal sealed class ReadingsController(MeteringDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<ReadingRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<ReadingRecord> Get(long key) => SingleResult.Create(Query().Where(r => r.Id == key));

    private IQueryable<ReadingRecord> Query() => db.Readings.AsNoTracking()
        .Select(r => new ReadingRecord
        {
            Id = r.Id, MeterId = r.MeterId, Register = r.Register, Value = r.Value, TakenAt = r.TakenAt, Kind = r.Kind, Period = r.Period,
            SubmittedAt = r.SubmittedAt, Source = r.Source, Status = r.Status,
        });
}
