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
/// (<see cref="DegreeDays"/>; observed for the past, the climatology for the month forecast; fitted
/// on the months since the building's use last changed, see <see cref="BreakRatio"/>) and half the
/// seasonal forecast above. (A carried share of the last month's residual, 0.6 before, scored worse
/// once the fit leaves out the months before a change of use.)
/// </summary>
internal sealed class MonthlyModel(Series series, ForecastProfile profile)
{
    private const int LevelMonths = 2;

    /// <summary>An earlier year with this many times the last year's volume, or this share of it, is another building.</summary>
    private const double BreakRatio = 3;
    private const int Years = 3;
    private const int TrainingMonths = 36;
    private const double HalfLifeMonths = 18;
    private const double SeasonalStepWeight = 2d / 3;
    private const double DegreeDayWeight = 0.5;

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
        // A building whose use changed (an earlier year's volume three times or more, or a third or
        // less, of the last year's) is fitted on the years after that change only: the older months
        // describe another building.
        var lastYear = training.Where(m => m >= cut.AddMonths(-12)).Sum(m => series.Monthly[m]);
        for (var year = 2; year <= TrainingMonths / 12; year++)
        {
            var from = cut.AddMonths(-12 * year);
            var sum = training.Where(m => m >= from && m < from.AddMonths(12)).Sum(m => series.Monthly[m]);
            if (sum > 0 && lastYear > 0 && (sum > lastYear * BreakRatio || sum < lastYear / BreakRatio))
            {
                training = training.Where(m => m >= from.AddMonths(12)).ToList();
                break;
            }
        }
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
        return Math.Max(0, fit.Predict(MeanDegreeDays(month, cut, fit.Base), [])) * Series.Days(month);
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
