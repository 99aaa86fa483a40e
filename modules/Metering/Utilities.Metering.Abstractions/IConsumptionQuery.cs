namespace Utilities.Metering;

/// <summary>
/// Consumption as Billing and the pages need it (architecture.md, "Readings → charges"): a period's
/// consumption of a register = its last counted reading of the period − its last counted reading
/// before it (or the meter's first reading, for a new meter), a counter rollover accounted for;
/// rejected, pending and faulty-meter readings do not count. Automated meters use calendar-month
/// boundaries. A replacement gives a row for the old meter's part and one for the new meter's part.
/// </summary>
public interface IConsumptionQuery
{
    /// <summary>
    /// Every register of every premises meter in service during the period, in one set-based
    /// stream ordered by account (for billing runs); meters without a reading say so.
    /// </summary>
    IAsyncEnumerable<RegisterConsumption> StreamPeriodAsync(DateOnly period, CancellationToken cancellationToken);

    /// <summary>
    /// Every register of every building meter in service during the period (heating by the
    /// building meter, formula 3), ordered by building; a few thousand rows, read in one go.
    /// </summary>
    Task<IReadOnlyList<RegisterConsumption>> BuildingPeriodAsync(DateOnly period, CancellationToken cancellationToken);

    /// <summary>
    /// The average monthly consumption of each register of the accounts' meters before the period
    /// (for estimation when a reading is missing or the meter is faulty, Rules 354 п.59): from the
    /// earliest counted reading within <paramref name="windowMonths"/> periods before to the latest
    /// counted reading before the period. Registers without two such readings are left out.
    /// </summary>
    Task<IReadOnlyList<AverageConsumption>> AveragesAsync(
        IReadOnlyCollection<long> accountIds, DateOnly period, int windowMonths, CancellationToken cancellationToken);

    /// <summary>Monthly consumption of an account's meters (or a building's meters) per register, for the months from..to.</summary>
    Task<IReadOnlyList<RegisterConsumption>> MonthlyAsync(ConsumptionOwner owner, DateOnly fromPeriod, DateOnly toPeriod, CancellationToken cancellationToken);

    /// <summary>Daily consumption of an automated meter's registers from its interval data (days from..to inclusive).</summary>
    Task<IReadOnlyList<DailyConsumption>> DailyAsync(long meterId, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}

/// <summary>Whose meters: an account's (premises meters) or a building's (building meters).</summary>
public sealed record ConsumptionOwner(long? AccountId, long? BuildingId)
{
    public static ConsumptionOwner Account(long accountId) => new(accountId, null);

    public static ConsumptionOwner Building(long buildingId) => new(null, buildingId);
}

public enum ConsumptionState
{
    /// <summary>Both readings are there: <see cref="RegisterConsumption.Volume"/> is the measured volume.</summary>
    Measured,

    /// <summary>No counted reading in the period: Billing estimates (average, then norm).</summary>
    Missing,

    /// <summary>The meter's verification expired: readings are not used (average, then norm × 1.5).</summary>
    Faulty,
}

/// <param name="Volume">Kept with 6 decimals until priced; null unless <see cref="State"/> is Measured.</param>
/// <param name="Opening">The reading the volume starts from (the previous period's last, or the initial one).</param>
/// <param name="Closing">The period's last counted reading.</param>
public sealed record RegisterConsumption(
    long MeterId,
    long? AccountId,
    long? BuildingId,
    string Utility,
    string Register,
    DateOnly Period,
    ConsumptionState State,
    decimal? Volume,
    decimal? Opening,
    decimal? Closing,
    bool IsAutomated);

/// <param name="Months">The periods the average is taken over (the caller applies the minimum: 6, or 3 for a newer meter).</param>
/// <param name="MonthlyVolume">Volume per month, 6 decimals.</param>
public sealed record AverageConsumption(long MeterId, long AccountId, string Register, decimal MonthlyVolume, int Months, DateOnly InstalledOn);

public sealed record DailyConsumption(long MeterId, string Register, DateOnly Day, decimal Volume);
