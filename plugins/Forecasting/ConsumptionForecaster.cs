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

/// <summary>
/// The forecaster of a utility type: <see cref="MonthlyModel"/> and, by day, <see cref="HeatingDailyModel"/>
/// (heating with temperatures) or <see cref="WeeklyProfileModel"/> (the others), with an 80 % interval
/// from the model's own errors at earlier origins of the same history.
/// </summary>
internal sealed class ConsumptionForecaster(ForecastProfile profile) : IConsumptionForecaster
{
    /// <summary>Earlier monthly origins the interval is calibrated on.</summary>
    private const int CalibrationMonths = 24;

    /// <summary>Earlier weekly origins (7 days each) the daily interval is calibrated on.</summary>
    private const int CalibrationWeeks = 8;

    public ForecastProfile Profile { get; } = profile;

    public IReadOnlyList<MonthlyConsumption> Forecast(IReadOnlyList<MonthlyConsumption> history, int months)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfLessThan(months, 1);
        return Months(new ForecastHistory { Monthly = history }, months, calibrate: false)
            .Select(f => new MonthlyConsumption(f.From, f.Volume)).ToList();
    }

    public IReadOnlyList<ConsumptionForecast> ForecastMonths(ForecastHistory history, int months) => Months(history, months, calibrate: true);

    /// <summary>The months ahead; without calibration (no interval asked for: the SDK 1.0 method) the interval is the fallback's.</summary>
    private IReadOnlyList<ConsumptionForecast> Months(ForecastHistory history, int months, bool calibrate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(months, 1);
        var series = Series.From(history, Profile.PerResident);
        if (series.Monthly.Count == 0)
            return [];
        var model = new MonthlyModel(series, Profile);
        var cut = series.Monthly.Keys[^1].AddMonths(1);
        var ratios = new List<double>();
        for (var k = 1; calibrate && k <= CalibrationMonths; k++)
        {
            var earlier = cut.AddMonths(-k);
            if (series.Monthly.TryGetValue(earlier, out var actual) && series.Monthly.Keys.Count(m => m < earlier) >= 12
                && model.Volume(earlier, earlier) is var f && f > 0)
                ratios.Add(actual / f);
        }

        var (low, high) = Quantiles.Band(ratios);
        return Enumerable.Range(0, months).Select(h =>
        {
            var month = cut.AddMonths(h);
            return Point(month, month.AddMonths(1).AddDays(-1), model.Volume(month, cut), low, high, series.PerResident);
        }).ToList();
    }

    public IReadOnlyList<ConsumptionForecast> ForecastDays(ForecastHistory history, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var series = Series.From(history, Profile.PerResident);
        if (series.Daily.Count == 0)
            return [];
        IDailyModel model = Profile.HeatingDegreeDays && series.Temperatures.Count > 0 ? new HeatingDailyModel(series) : new WeeklyProfileModel(series);
        var cut = series.Daily.Keys[^1].AddDays(1);
        var ratios = new List<double>();
        for (var k = 1; k <= CalibrationWeeks; k++)
        {
            var earlier = cut.AddDays(-7 * k);
            if (series.Daily.Keys[0] > earlier.AddDays(-28))
                break;
            for (var h = 0; h < 7; h++)
            {
                if (series.Daily.TryGetValue(earlier.AddDays(h), out var actual) && model.Volume(earlier.AddDays(h), earlier) is var f && f > 0)
                    ratios.Add(actual / f);
            }
        }

        var (low, high) = Quantiles.Band(ratios);
        return Enumerable.Range(0, days).Select(h =>
        {
            var day = cut.AddDays(h);
            return Point(day, day, model.Volume(day, cut), low, high, series.PerResident);
        }).ToList();
    }

    private static ConsumptionForecast Point(DateOnly from, DateOnly to, double volume, double low, double high, double scale)
    {
        var v = Math.Max(0, volume) * scale;
        return new ConsumptionForecast(from, to, Round(v), Round(v * low), Round(v * high));
    }

    /// <summary>Volumes are kept to 6 decimals until priced.</summary>
    private static decimal Round(double value) =>
        double.IsFinite(value) ? Math.Round((decimal)Math.Max(0, Math.Min(value, 1e15)), 6, MidpointRounding.AwayFromZero) : 0m;
}
