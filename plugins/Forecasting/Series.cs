using Utilities.Plugins.Sdk;

// Compiled into each plugin (docs/adr/0021-forecasting.md): each copy in its plugin's namespace, so
// no two plugin assemblies hold a type of the same name.
#if PLUGIN_ELECTRICITY
namespace Utilities.Plugins.Electricity.Forecasting;
#elif PLUGIN_COLD_WATER
namespace Utilities.Plugins.ColdWater.Forecasting;
#elif PLUGIN_HOT_WATER
namespace Utilities.Plugins.HotWater.Forecasting;
#else
namespace Utilities.Plugins.Heating.Forecasting;
#endif

/// <summary>The history of a forecast as the models read it: sorted, per-day rates of months, temperatures by day.</summary>
internal sealed class Series
{
    private Series(SortedList<DateOnly, double> monthly, SortedList<DateOnly, double> daily, Dictionary<DateOnly, double> temperatures, HashSet<DateOnly> holidays, double perResident)
    {
        Monthly = monthly;
        Daily = daily;
        Temperatures = temperatures;
        Holidays = holidays;
        PerResident = perResident;
    }

    /// <summary>Monthly volumes by the first day of the month.</summary>
    public SortedList<DateOnly, double> Monthly { get; }

    public SortedList<DateOnly, double> Daily { get; }

    public Dictionary<DateOnly, double> Temperatures { get; }

    /// <summary>The non-working days known in advance (ForecastHistory.Holidays), past and future.</summary>
    public HashSet<DateOnly> Holidays { get; }

    /// <summary>The divisor that makes the volumes per resident (1 when unknown or unused).</summary>
    public double PerResident { get; }

    public static Series From(ForecastHistory history, bool perResident)
    {
        ArgumentNullException.ThrowIfNull(history);
        var divisor = perResident && history.Residents is > 0 ? history.Residents.Value : 1d;
        var monthly = new SortedList<DateOnly, double>();
        foreach (var m in history.Monthly)
        {
            if (m.Month.Day != 1)
                throw new ArgumentException($"Month {m.Month:yyyy-MM-dd} is not the first day of a month.", nameof(history));
            if (!monthly.TryAdd(m.Month, (double)m.Volume / divisor))
                throw new ArgumentException($"Month {m.Month:yyyy-MM} appears more than once.", nameof(history));
        }

        var daily = new SortedList<DateOnly, double>();
        foreach (var d in history.Daily)
            daily[d.Day] = (double)d.Volume / divisor;
        var temperatures = new Dictionary<DateOnly, double>();
        foreach (var t in history.Temperatures)
            temperatures[t.Day] = t.MeanCelsius;
        return new Series(monthly, daily, temperatures, [.. history.Holidays], divisor);
    }

    public bool IsHoliday(DateOnly day) => Holidays.Contains(day);

    public static int Days(DateOnly month) => DateTime.DaysInMonth(month.Year, month.Month);

    /// <summary>The per-day rate of a known month.</summary>
    public double? Rate(DateOnly month) => Monthly.TryGetValue(month, out var v) ? v / Days(month) : null;

    /// <summary>
    /// The temperature of a day as a forecast made at <paramref name="origin"/> may know it: observed
    /// when the day is before the origin, otherwise (and for gaps) the climatology of earlier years.
    /// </summary>
    public double? Temperature(DateOnly day, DateOnly origin, Dictionary<DateOnly, double?> climatology)
    {
        if (day < origin && Temperatures.TryGetValue(day, out var t))
            return t;
        if (!climatology.TryGetValue(day, out var normal))
            climatology[day] = normal = ForecastClimate.Normal(Temperatures, day, origin);
        return normal;
    }
}
