namespace Utilities.Plugins.Sdk;

/// <summary>
/// The climatology a forecast uses for temperatures after its origin: the mean of the earlier years'
/// daily means within ±<see cref="WindowDays"/> days of the same day of the year. Since SDK 1.4.0.
/// </summary>
public static class ForecastClimate
{
    /// <summary>The half-width of the day-of-year window.</summary>
    public const int WindowDays = 3;

    /// <summary>
    /// The climatological mean temperature of <paramref name="day"/> from observations strictly before
    /// <paramref name="origin"/> (the day after the last known one); null when no earlier year has a day in the window.
    /// </summary>
    public static double? Normal(IReadOnlyDictionary<DateOnly, double> observed, DateOnly day, DateOnly origin)
    {
        ArgumentNullException.ThrowIfNull(observed);
        double sum = 0;
        var count = 0;
        for (var year = day.Year - 1; year >= day.Year - 30; year--)
        {
            var same = SameDay(day, year);
            for (var offset = -WindowDays; offset <= WindowDays; offset++)
            {
                var d = same.AddDays(offset);
                if (d < origin && observed.TryGetValue(d, out var t))
                {
                    sum += t;
                    count++;
                }
            }
        }

        return count == 0 ? null : sum / count;
    }

    private static DateOnly SameDay(DateOnly day, int year) =>
        new(year, day.Month, Math.Min(day.Day, DateTime.DaysInMonth(year, day.Month)));
}
