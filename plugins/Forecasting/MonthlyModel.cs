using MathNet.Numerics.Statistics;

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
/// A month's volume from the months known before <c>cut</c> (the first unknown day), per day of the
/// month (February is not a drop). Electricity and water: two thirds the seasonal step (the last
/// month's rate times the median, over the last three years, of the ratio of the month forecast to
/// that last month: the level moves, the shape of the year stays) and one third the mean rate of the
/// last two months (which holds through shifts the last years did not have). Heating with
/// temperatures: half the daily rate regressed on the month's heating degree-days per day
/// (<see cref="DegreeDays"/>; observed for the past, the climatology for the month forecast), with
/// 0.6 of the last month's residual carried over, and half the seasonal forecast above.
/// </summary>
internal sealed class MonthlyModel(Series series, ForecastProfile profile)
{
    private const int LevelMonths = 2;
    private const int Years = 3;
    private const int TrainingMonths = 36;
    private const double HalfLifeMonths = 18;
    private const double SeasonalStepWeight = 2d / 3;
    private const double DegreeDayWeight = 0.5;
    private const double ResidualCarry = 0.6;

    private readonly Dictionary<DateOnly, Dictionary<DateOnly, double?>> climatology = [];

    public double Volume(DateOnly month, DateOnly cut)
    {
        if (profile.HeatingDegreeDays && series.Temperatures.Count > 0 && Heating(month, cut) is { } heating)
            return (DegreeDayWeight * heating) + ((1 - DegreeDayWeight) * Seasonal(month, cut));
        return Seasonal(month, cut);
    }

    private double Seasonal(DateOnly month, DateOnly cut)
    {
        var known = series.Monthly.Keys.Where(m => m < cut).ToList();
        if (known.Count == 0)
            return 0;
        var last = known[^1];
        var recent = known.TakeLast(LevelMonths).Average(m => series.Rate(m)!.Value) * Series.Days(month);
        var steps = new List<double>();
        for (var j = 1; j <= Years; j++)
        {
            if (month.AddMonths(-12 * j) < cut && series.Rate(month.AddMonths(-12 * j)) is { } then && series.Rate(last.AddMonths(-12 * j)) is { } before && before > 0)
                steps.Add(then / before);
        }

        if (steps.Count == 0)
            return recent;
        var step = series.Rate(last)!.Value * steps.Median() * Series.Days(month);
        return (SeasonalStepWeight * step) + ((1 - SeasonalStepWeight) * recent);
    }

    private double? Heating(DateOnly month, DateOnly cut)
    {
        var training = series.Monthly.Keys.Where(m => m < cut && m >= cut.AddMonths(-TrainingMonths)).ToList();
        var observed = training.Where(m => ObservedDays(m) >= Series.Days(m) - 3).ToList();
        if (observed.Count < 12)
            return null;
        var fit = DegreeDays.Best(
            observed.Count,
            (i, b) => MeanDegreeDays(observed[i], cut, b),
            _ => [],
            i => series.Rate(observed[i])!.Value,
            i => Math.Pow(0.5, (((cut.Year - observed[i].Year) * 12) + cut.Month - observed[i].Month) / HalfLifeMonths));
        if (fit is null)
            return null;
        var forecast = fit.Predict(MeanDegreeDays(month, cut, fit.Base), []);
        var last = observed[^1];
        forecast += ResidualCarry * (series.Rate(last)!.Value - fit.Predict(MeanDegreeDays(last, cut, fit.Base), []));
        return Math.Max(0, forecast) * Series.Days(month);
    }

    private int ObservedDays(DateOnly month)
    {
        var count = 0;
        for (var d = month; d.Month == month.Month; d = d.AddDays(1))
            count += series.Temperatures.ContainsKey(d) ? 1 : 0;
        return count;
    }

    private double MeanDegreeDays(DateOnly month, DateOnly cut, double baseTemperature)
    {
        if (!climatology.TryGetValue(cut, out var normals))
            climatology[cut] = normals = [];
        double sum = 0;
        var days = 0;
        for (var d = month; d.Month == month.Month; d = d.AddDays(1))
        {
            if (series.Temperature(d, cut, normals) is { } t)
            {
                sum += DegreeDays.Of(t, baseTemperature);
                days++;
            }
        }

        return days > 0 ? sum / days : 0;
    }
}
