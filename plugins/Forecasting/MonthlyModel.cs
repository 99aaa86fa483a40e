namespace Utilities.Plugins.Forecasting;

/// <summary>
/// A month's volume from the months known before <c>cut</c> (the first unknown day). Electricity and
/// water: the same month in each of the last three years, per day, scaled by how the latest three
/// months compare with the same three months of that year (the level moves, the shape of the year
/// stays), the years averaged with weights 1, 1/2, 1/3. Heating with temperatures: the daily rate
/// regressed on the month's heating degree-days per day (<see cref="DegreeDays"/>), observed for the
/// past, the climatology for the month forecast.
/// </summary>
internal sealed class MonthlyModel(Series series, ForecastProfile profile)
{
    private const int LevelMonths = 3;
    private const int Years = 3;
    private const int TrainingMonths = 36;
    private const double HalfLifeMonths = 18;

    private readonly Dictionary<DateOnly, Dictionary<DateOnly, double?>> climatology = [];

    public double Volume(DateOnly month, DateOnly cut)
    {
        if (profile.HeatingDegreeDays && series.Temperatures.Count > 0 && Heating(month, cut) is { } heating)
            return heating;
        return Seasonal(month, cut);
    }

    private double Seasonal(DateOnly month, DateOnly cut)
    {
        var known = series.Monthly.Keys.Where(m => m < cut).ToList();
        if (known.Count == 0)
            return 0;
        var recent = known.TakeLast(LevelMonths).ToList();
        var levelNow = recent.Average(m => series.Rate(m)!.Value);
        double sum = 0, weights = 0;
        for (var j = 1; j <= Years; j++)
        {
            var reference = month.AddMonths(-12 * j);
            if (reference >= cut || series.Rate(reference) is not { } rate)
                continue;
            var then = recent.Select(m => series.Rate(m.AddMonths(-12 * j))).ToList();
            if (then.Any(r => r is null))
                continue;
            var levelThen = then.Average(r => r!.Value);
            if (levelThen <= 0)
                continue;
            sum += rate * (levelNow / levelThen) / j;
            weights += 1d / j;
        }

        return (weights > 0 ? sum / weights : levelNow) * Series.Days(month);
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
