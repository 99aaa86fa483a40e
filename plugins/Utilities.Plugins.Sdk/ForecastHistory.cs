namespace Utilities.Plugins.Sdk;

/// <summary>
/// What a forecast is made from: everything known up to the forecast's origin and nothing after it.
/// Outdoor temperatures after the origin are never given: a model that needs them uses the
/// climatology of the earlier years (see <see cref="ForecastClimate"/>). Since SDK 1.4.0.
/// </summary>
public sealed record ForecastHistory
{
    /// <summary>Known monthly consumption, one entry per month (first day of the month), in any order; months may be missing.</summary>
    public IReadOnlyList<MonthlyConsumption> Monthly { get; init; } = [];

    /// <summary>Known daily consumption of an automated meter, one entry per day, in any order; days may be missing.</summary>
    public IReadOnlyList<DailyConsumption> Daily { get; init; } = [];

    /// <summary>Observed daily mean outdoor temperatures up to the origin (empty when the site is unknown).</summary>
    public IReadOnlyList<DailyTemperature> Temperatures { get; init; } = [];

    /// <summary>The residents the consumption is for, when known (water is forecast per resident).</summary>
    public int? Residents { get; init; }

    /// <summary>
    /// Days known in advance to be non-working (public holidays, a closure between Christmas and the
    /// new year), before and after the origin, in any order; empty when the calendar is unknown. A model
    /// may treat them apart from ordinary days. Since SDK 1.5.0.
    /// </summary>
    public IReadOnlyCollection<DateOnly> Holidays { get; init; } = [];
}
