namespace Utilities.Plugins.Sdk;

/// <summary>
/// The baseline every utility type starts with and every better model must beat: a month is
/// forecast as the same month a year earlier; where that month is unknown, as the mean of the
/// latest (up to) three known months. Forecasts beyond twelve months ahead repeat the forecast
/// of the year before. Volumes are rounded to 6 decimals, as volumes are kept until priced.
/// </summary>
public sealed class SeasonalNaiveForecaster : IConsumptionForecaster
{
    /// <summary>How many of the latest known months the fallback averages.</summary>
    public const int FallbackMonths = 3;

    /// <inheritdoc />
    public IReadOnlyList<MonthlyConsumption> Forecast(IReadOnlyList<MonthlyConsumption> history, int months)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfLessThan(months, 1);
        if (history.Count == 0)
            return [];

        var known = new SortedDictionary<DateOnly, decimal>();
        foreach (var entry in history)
        {
            if (entry.Month.Day != 1)
                throw new ArgumentException($"Month {entry.Month:yyyy-MM-dd} is not the first day of a month.", nameof(history));
            if (!known.TryAdd(entry.Month, entry.Volume))
                throw new ArgumentException($"Month {entry.Month:yyyy-MM} appears more than once.", nameof(history));
        }

        var fallback = Math.Round(known.Values.TakeLast(FallbackMonths).Average(), 6, MidpointRounding.AwayFromZero);
        var month = known.Keys.Last();
        var forecast = new List<MonthlyConsumption>(months);
        for (var i = 0; i < months; i++)
        {
            month = month.AddMonths(1);
            var volume = known.TryGetValue(month.AddMonths(-12), out var lastYear) ? lastYear : fallback;
            known[month] = volume;
            forecast.Add(new MonthlyConsumption(month, volume));
        }

        return forecast;
    }
}
