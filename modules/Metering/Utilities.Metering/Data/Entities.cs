namespace Utilities.Metering.Data;

/// <summary>A premises meter (on an account) or a building meter (ОДПУ, on a building).</summary>
internal sealed class Meter
{
    public long Id { get; init; }

    public long? AccountId { get; init; }

    public long? BuildingId { get; init; }

    /// <summary>The utility plugin's code.</summary>
    public required string Utility { get; init; }

    public required string Serial { get; init; }

    /// <summary>Register codes in the plugin's order: <c>T1</c>, <c>T1, T2</c>, <c>total</c>.</summary>
    public required string[] Registers { get; init; }

    /// <summary>Digits of the counter before the decimal point: a reading below the previous one may be a rollover.</summary>
    public int DigitCapacity { get; init; }

    public bool IsAutomated { get; init; }

    public DateOnly InstalledOn { get; init; }

    /// <summary>After this date the meter counts as faulty (Rules 354 п.81(12)).</summary>
    public DateOnly VerifiedUntil { get; set; }

    public DateOnly? RemovedOn { get; set; }

    public string? RemovalReason { get; set; }

    /// <summary>The meter this one replaced (final reading of the old + initial of this one in one operation).</summary>
    public long? ReplacesMeterId { get; init; }

    /// <summary>Set when the expiry of verification was found and announced (event, consumer told).</summary>
    public DateOnly? FaultySince { get; set; }

    public DateTimeOffset RegisteredAt { get; init; }
}

/// <summary>One value of one register at one time from one source; partitioned by <see cref="TakenAt"/>.</summary>
internal sealed class Reading
{
    public long Id { get; init; }

    public long MeterId { get; init; }

    public required string Register { get; init; }

    /// <summary>When it was taken, in the site's local time (<c>timestamp</c> without time zone).</summary>
    public DateTime TakenAt { get; init; }

    public decimal Value { get; init; }

    /// <summary><see cref="ReadingSources"/>.</summary>
    public required string Source { get; init; }

    /// <summary><see cref="ReadingKinds"/>: regular, or the initial/final reading of a replacement.</summary>
    public string Kind { get; init; } = ReadingKinds.Regular;

    /// <summary>The billing period (first day of the month) the reading counts for.</summary>
    public DateOnly Period { get; init; }

    /// <summary><see cref="ReadingStatuses"/>.</summary>
    public required string Status { get; set; }

    public DateTimeOffset SubmittedAt { get; init; }

    public string? SubmittedBy { get; init; }

    /// <summary>A pending reading must be confirmed or rejected by this date.</summary>
    public DateOnly? ConfirmBy { get; set; }

    /// <summary>The plugin's findings as JSON (code, severity, Russian and English text).</summary>
    public string? Findings { get; init; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionReason { get; set; }
}

internal static class ReadingSources
{
    public const string Inspector = "inspector";
    public const string Automation = "automation";
    public const string Consumer = "consumer";

    public static readonly IReadOnlyList<string> All = [Inspector, Automation, Consumer];
}

internal static class ReadingKinds
{
    public const string Regular = "regular";
    public const string Initial = "initial";
    public const string Final = "final";
}

internal static class ReadingStatuses
{
    /// <summary>Counts for billing: plausible, or confirmed by a person.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>A consumer's implausible reading awaiting an inspector's or operator's decision.</summary>
    public const string Pending = "pending";

    public const string Rejected = "rejected";
}

/// <summary>A visit an inspector has to make: to check a reading, or a planned round.</summary>
internal sealed class InspectionTask
{
    public long Id { get; init; }

    public long MeterId { get; init; }

    public long? ReadingId { get; init; }

    public required string Reason { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateOnly DueOn { get; init; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosedBy { get; set; }

    public string? Outcome { get; set; }
}

/// <summary>The mean outdoor temperature of one day at one site (heating forecasts).</summary>
internal sealed class WeatherDay
{
    public required string Site { get; init; }

    public DateOnly Day { get; init; }

    public decimal MeanTempC { get; init; }
}

/// <summary>What the consumption views' rows share for an API client's scope.</summary>
internal interface IConsumptionRow
{
    long? AccountId { get; }

    string Utility { get; }
}

/// <summary>A row of the <c>consumption_monthly</c> view (M0005): a register's measured consumption in one month.</summary>
internal sealed class MonthlyConsumptionRow : IConsumptionRow
{
    public long MeterId { get; init; }

    public long? AccountId { get; init; }

    public long? BuildingId { get; init; }

    public required string Utility { get; init; }

    public required string Register { get; init; }

    public DateOnly Period { get; init; }

    public decimal? Opening { get; init; }

    public decimal Closing { get; init; }

    public DateTime ClosingTakenAt { get; init; }

    public decimal? Volume { get; init; }
}

/// <summary>A row of the <c>consumption_daily</c> view (M0005): a register's measured consumption on one day.</summary>
internal sealed class DailyConsumptionRow : IConsumptionRow
{
    public long MeterId { get; init; }

    public long? AccountId { get; init; }

    public long? BuildingId { get; init; }

    public required string Utility { get; init; }

    public required string Register { get; init; }

    public DateOnly Day { get; init; }

    public decimal? Opening { get; init; }

    public decimal Closing { get; init; }

    public DateTime ClosingTakenAt { get; init; }

    public decimal? Volume { get; init; }
}
