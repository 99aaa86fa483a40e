using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;
using Utilities.Metering.Data;
using Utilities.Platform.Api;

namespace Utilities.Metering.OData;

/// <summary>
/// Measured consumption of a register in a month (issue 11): the last confirmed reading of the month less
/// the one before it, with the counter's rollover. Estimates for missing readings are Billing's (its
/// <c>Charges</c> say what was billed and how). Keyed by meter, register and month:
/// <c>/odata/Consumption(MeterId=5,Period=2026-10-01,Register='T1')</c> (key properties in alphabetical order).
/// </summary>
internal sealed class ConsumptionRecord
{
    public long MeterId { get; init; }

    public required string Register { get; init; }

    /// <summary>The billing period (first day of the month).</summary>
    public DateOnly Period { get; init; }

    public long? AccountId { get; init; }

    public long? BuildingId { get; init; }

    public required string Utility { get; init; }

    /// <summary>The reading the month starts from: the latest of an earlier month, else the first of this one.</summary>
    public decimal? Opening { get; init; }

    public decimal Closing { get; init; }

    /// <summary>When the closing reading was taken, in the site's local time.</summary>
    public DateTime ClosingTakenAt { get; init; }

    /// <summary>Closing − opening in the register's unit; null when the counter cannot have rolled over.</summary>
    public decimal? Volume { get; init; }
}

/// <summary>Measured consumption of a register on one day (automated meters read daily or hourly).</summary>
internal sealed class DailyConsumptionRecord
{
    public long MeterId { get; init; }

    public required string Register { get; init; }

    public DateOnly Day { get; init; }

    public long? AccountId { get; init; }

    public long? BuildingId { get; init; }

    public required string Utility { get; init; }

    public decimal? Opening { get; init; }

    public decimal Closing { get; init; }

    public DateTime ClosingTakenAt { get; init; }

    public decimal? Volume { get; init; }
}

/// <summary>
/// The scope of consumption rows (ADR 23), written on the views' own columns so PostgreSQL pushes it into
/// the readings scan (see M0005) rather than computing every meter's consumption first.
/// </summary>
internal static class ConsumptionScope
{
    public static async Task<IQueryable<T>> InScopeAsync<T>(this IQueryable<T> rows, IServiceProvider services, ApiDataScope scope, CancellationToken cancellationToken)
        where T : class, IConsumptionRow
    {
        if (scope.IsAll)
            return rows;
        if (scope.Utility is { } utility)
            rows = rows.Where(c => c.Utility == utility);
        if (await MeteringScope.SupplierAccountsAsync(services, scope, cancellationToken) is { } accounts)
            rows = rows.Where(c => c.AccountId != null && accounts.Contains(c.AccountId.Value));
        return rows;
    }
}

internal sealed class ConsumptionController(MeteringDbContext db, IServiceProvider services) : ODataController
{
    [ApiQuery]
    public async Task<IQueryable<ConsumptionRecord>> Get(CancellationToken cancellationToken) => await QueryAsync(cancellationToken);

    [ApiQuery]
    public async Task<SingleResult<ConsumptionRecord>> Get(
        [FromODataUri] long keyMeterId, [FromODataUri] string keyRegister, [FromODataUri] DateOnly keyPeriod, CancellationToken cancellationToken) =>
        SingleResult.Create((await QueryAsync(cancellationToken)).Where(c => c.MeterId == keyMeterId && c.Register == keyRegister && c.Period == keyPeriod));

    private async Task<IQueryable<ConsumptionRecord>> QueryAsync(CancellationToken cancellationToken)
    {
        var rows = await db.MonthlyConsumption.AsNoTracking().InScopeAsync(services, ApiDataScope.Of(User), cancellationToken);
        return rows.Select(c => new ConsumptionRecord
        {
            MeterId = c.MeterId, Register = c.Register, Period = c.Period, AccountId = c.AccountId, BuildingId = c.BuildingId, Utility = c.Utility,
            Opening = c.Opening, Closing = c.Closing, ClosingTakenAt = c.ClosingTakenAt, Volume = c.Volume,
        });
    }
}

internal sealed class DailyConsumptionController(MeteringDbContext db, IServiceProvider services) : ODataController
{
    [ApiQuery]
    public async Task<IQueryable<DailyConsumptionRecord>> Get(CancellationToken cancellationToken) => await QueryAsync(cancellationToken);

    [ApiQuery]
    public async Task<SingleResult<DailyConsumptionRecord>> Get(
        [FromODataUri] long keyMeterId, [FromODataUri] string keyRegister, [FromODataUri] DateOnly keyDay, CancellationToken cancellationToken) =>
        SingleResult.Create((await QueryAsync(cancellationToken)).Where(c => c.MeterId == keyMeterId && c.Register == keyRegister && c.Day == keyDay));

    private async Task<IQueryable<DailyConsumptionRecord>> QueryAsync(CancellationToken cancellationToken)
    {
        var rows = await db.DailyConsumption.AsNoTracking().InScopeAsync(services, ApiDataScope.Of(User), cancellationToken);
        return rows.Select(c => new DailyConsumptionRecord
        {
            MeterId = c.MeterId, Register = c.Register, Day = c.Day, AccountId = c.AccountId, BuildingId = c.BuildingId, Utility = c.Utility,
            Opening = c.Opening, Closing = c.Closing, ClosingTakenAt = c.ClosingTakenAt, Volume = c.Volume,
        });
    }
}
