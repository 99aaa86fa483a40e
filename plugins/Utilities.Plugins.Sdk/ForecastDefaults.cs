namespace Utilities.Plugins.Sdk;

/// <summary>The forecasts with intervals of a forecaster built against an SDK older than 1.4.0.</summary>
internal static class ForecastDefaults
{
    public static IReadOnlyList<ConsumptionForecast> Months(IConsumptionForecaster forecaster, ForecastHistory history, int months)
    {
        ArgumentNullException.ThrowIfNull(history);
        var points = forecaster.Forecast(history.Monthly, months);
        if (points.Count == 0)
            return [];
        var known = history.Monthly.ToDictionary(m => m.Month, m => m.Volume);
        var ratios = known.Where(k => known.ContainsKey(k.Key.AddMonths(-12)) && known[k.Key.AddMonths(-12)] > 0)
            .Select(k => (double)(k.Value / known[k.Key.AddMonths(-12)])).ToList();
        var (low, high) = Band(ratios);
        return points.Select(p => Point(p.Month, p.Month.AddMonths(1).AddDays(-1), p.Volume, low, high)).ToList();
    }

    public static IReadOnlyList<ConsumptionForecast> Days(ForecastHistory history, int days)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        if (history.Daily.Count == 0)
            return [];
        var known = new Dictionary<DateOnly, decimal>();
        foreach (var d in history.Daily)
            known[d.Day] = d.Volume;
        var ratios = known.Where(k => known.TryGetValue(k.Key.AddDays(-7), out var w) && w > 0)
            .Select(k => (double)(k.Value / known[k.Key.AddDays(-7)])).ToList();
        var (low, high) = Band(ratios);
        var last = known.Keys.Max();
        var recent = known.Where(k => k.Key > last.AddDays(-28)).Select(k => k.Value).Average();
        var result = new List<ConsumptionForecast>(days);
        for (var i = 1; i <= days; i++)
        {
            var day = last.AddDays(i);
            var volume = known.TryGetValue(day.AddDays(-7), out var week) ? week : recent;
            known[day] = volume;
            result.Add(Point(day, day, volume, low, high));
        }

        return result;
    }

    /// <summary>The 10th and 90th percentiles of the ratios; ±25 % with fewer than 6 of them.</summary>
    private static (double Low, double High) Band(List<double> ratios)
    {
        if (ratios.Count < 6)
            return (0.75, 1.25);
        ratios.Sort();
        return (ratios[(int)(0.1 * (ratios.Count - 1))], ratios[(int)Math.Ceiling(0.9 * (ratios.Count - 1))]);
    }

    private static ConsumptionForecast Point(DateOnly from, DateOnly to, decimal volume, double low, double high)
    {
        var v = Math.Max(0m, volume);
        var lower = Math.Round(v * (decimal)Math.Min(low, 1), 6);
        var upper = Math.Round(v * (decimal)Math.Max(high, 1), 6);
        return new ConsumptionForecast(from, to, v, Math.Max(0m, lower), upper);
    }
}
