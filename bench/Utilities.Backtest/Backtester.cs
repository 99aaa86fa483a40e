using Utilities.Plugins.Sdk;

namespace Utilities.Backtest;

/// <summary>Monthly: 1 month ahead; daily: 1 to 7 days ahead, pooled.</summary>
internal enum BacktestHorizon
{
    Monthly,
    Daily,
}

/// <summary>One forecast point: the actual, the model's forecast with its interval, and the two baselines on the same point.</summary>
internal sealed record BacktestPoint(
    string Series, string Utility, string Unit, BacktestHorizon Horizon, DateOnly Origin, DateOnly Day,
    double Actual, double Model, double Lower, double Upper, double SeasonalNaive, double RecentMean, double Scale);

/// <summary>
/// Rolling-origin evaluation. Monthly series: each of the last 12 months of a series is forecast from
/// the months before it (at least 24 months of history before the first origin). Daily series: 52
/// weekly origins over the last year (at least a year of history before the first), each forecasting
/// the 7 days after it. Whatever a forecast gets is cut at its origin, the temperatures too.
/// </summary>
/// <summary>
/// What to run: only the series of one utility, only one horizon (both null: everything), and whether
/// forecasts get the holiday calendar (<see cref="BacktestCalendar"/>).
/// </summary>
internal sealed record BacktestOptions(string? Utility = null, BacktestHorizon? Horizon = null, bool Calendar = true)
{
    public static BacktestOptions All { get; } = new();

    /// <summary>The holidays handed to every forecast: the calendar of the data's years, or none.</summary>
    public IReadOnlyCollection<DateOnly> Holidays => Calendar ? BacktestCalendar.Holidays(1990, 2030) : [];
}

internal static class Backtester
{
    public const int MonthlyTargets = 12;
    public const int MonthlyMinimumHistory = 24;
    public const int DailyOrigins = 52;
    public const int DailyDays = 7;

    public static List<BacktestPoint> Run(BacktestData data, Func<BacktestSeries, IConsumptionForecaster?> model, int parallelism = 2, BacktestOptions? options = null)
    {
        options ??= BacktestOptions.All;
        var holidays = options.Holidays;
        var points = new List<BacktestPoint>();
        var gate = new Lock();
        var selected = data.Series.Where(s => options.Utility is null || string.Equals(s.Utility, options.Utility, StringComparison.Ordinal));
        Parallel.ForEach(selected, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, series =>
        {
            if (model(series) is not { } forecaster)
                return;
            var own = (options.Horizon is null or BacktestHorizon.Monthly ? Monthly(data, series, forecaster, holidays) : [])
                .Concat(options.Horizon is null or BacktestHorizon.Daily ? Daily(data, series, forecaster, holidays) : []).ToList();
            lock (gate)
                points.AddRange(own);
        });
        return points.OrderBy(p => p.Series, StringComparer.Ordinal).ThenBy(p => p.Horizon).ThenBy(p => p.Origin).ThenBy(p => p.Day).ToList();
    }

    /// <summary>The months forecast: the last 12 of the series that have 24 months of the series before the first of them.</summary>
    public static IReadOnlyList<DateOnly> MonthlyTargetMonths(BacktestSeries series)
    {
        if (series.Monthly.Count == 0)
            return [];
        var last = series.Monthly.Keys[^1];
        var first = last.AddMonths(-(MonthlyTargets - 1));
        if (series.Monthly.Keys.Count(m => m < first) < MonthlyMinimumHistory)
            return [];
        return series.Monthly.Keys.Where(m => m >= first).ToList();
    }

    /// <summary>The daily origins: every 7th day back from the last but 7, 52 of them, with a year of the series before the first.</summary>
    public static IReadOnlyList<DateOnly> DailyOriginDays(BacktestSeries series)
    {
        if (series.Daily.Count == 0)
            return [];
        var last = series.Daily.Keys[^1];
        var origins = Enumerable.Range(1, DailyOrigins).Select(k => last.AddDays(-DailyDays * k)).Reverse().ToList();
        return series.Daily.Keys[0] <= origins[0].AddDays(-365) ? origins : [];
    }

    /// <summary>
    /// What a monthly forecast of <paramref name="target"/> is given: the months before it, the temperatures
    /// up to the day before it and the holiday calendar (known in advance, so after the origin too).
    /// </summary>
    public static ForecastHistory MonthlyHistory(BacktestData data, BacktestSeries series, DateOnly target, IReadOnlyCollection<DateOnly>? holidays = null) => new()
    {
        Monthly = series.Monthly.Where(m => m.Key < target).Select(m => new MonthlyConsumption(m.Key, m.Value)).ToList(),
        Temperatures = data.TemperaturesUpTo(series, target.AddDays(-1)),
        Holidays = holidays ?? [],
    };

    /// <summary>What a daily forecast from <paramref name="origin"/> is given: the days up to it, the temperatures up to it and the holiday calendar.</summary>
    public static ForecastHistory DailyHistory(BacktestData data, BacktestSeries series, DateOnly origin, IReadOnlyCollection<DateOnly>? holidays = null) => new()
    {
        Daily = series.Daily.Where(d => d.Key <= origin).Select(d => new DailyConsumption(d.Key, d.Value)).ToList(),
        Temperatures = data.TemperaturesUpTo(series, origin),
        Holidays = holidays ?? [],
    };

    private static IEnumerable<BacktestPoint> Monthly(BacktestData data, BacktestSeries series, IConsumptionForecaster forecaster, IReadOnlyCollection<DateOnly> holidays)
    {
        var targets = MonthlyTargetMonths(series);
        if (targets.Count == 0)
            yield break;
        var scale = Scale(series.Monthly.Where(m => m.Key < targets[0]).ToList(), m => m.AddMonths(-12), series.Monthly);
        foreach (var target in targets)
        {
            var history = MonthlyHistory(data, series, target, holidays);
            var forecast = forecaster.ForecastMonths(history, 1).SingleOrDefault(f => f.From == target);
            if (forecast is null)
                continue;
            var recent = history.Monthly.OrderBy(m => m.Month).TakeLast(3).Average(m => (double)m.Volume);
            var naive = series.Monthly.TryGetValue(target.AddMonths(-12), out var lastYear) ? (double)lastYear : recent;
            yield return new BacktestPoint(series.Id, series.Utility, series.Unit, BacktestHorizon.Monthly, target.AddDays(-1), target,
                (double)series.Monthly[target], (double)forecast.Volume, (double)forecast.Lower, (double)forecast.Upper, naive, recent, scale);
        }
    }

    private static IEnumerable<BacktestPoint> Daily(BacktestData data, BacktestSeries series, IConsumptionForecaster forecaster, IReadOnlyCollection<DateOnly> holidays)
    {
        var origins = DailyOriginDays(series);
        if (origins.Count == 0)
            yield break;
        var scale = Scale(series.Daily.Where(d => d.Key <= origins[0]).ToList(), d => d.AddDays(-7), series.Daily);
        foreach (var origin in origins)
        {
            var history = DailyHistory(data, series, origin, holidays);
            var forecasts = forecaster.ForecastDays(history, DailyDays).ToDictionary(f => f.From);
            var window = history.Daily.Where(d => d.Day > origin.AddDays(-28)).ToList();
            var recent = window.Count > 0 ? window.Average(d => (double)d.Volume) : (double)history.Daily[^1].Volume;
            for (var h = 1; h <= DailyDays; h++)
            {
                var day = origin.AddDays(h);
                if (!series.Daily.TryGetValue(day, out var actual) || !forecasts.TryGetValue(day, out var forecast))
                    continue;
                // The same weekday a week earlier, known at the origin for every horizon up to 7.
                var naive = series.Daily.TryGetValue(day.AddDays(-7), out var week) ? (double)week : recent;
                yield return new BacktestPoint(series.Id, series.Utility, series.Unit, BacktestHorizon.Daily, origin, day,
                    (double)actual, (double)forecast.Volume, (double)forecast.Lower, (double)forecast.Upper, naive, recent, scale);
            }
        }
    }

    /// <summary>MASE's scale: the mean absolute seasonal difference of the history before the first origin.</summary>
    private static double Scale(List<KeyValuePair<DateOnly, decimal>> history, Func<DateOnly, DateOnly> season, SortedList<DateOnly, decimal> all)
    {
        var diffs = history.Where(h => all.ContainsKey(season(h.Key))).Select(h => Math.Abs((double)(h.Value - all[season(h.Key)]))).ToList();
        return diffs.Count > 0 && diffs.Average() > 0 ? diffs.Average() : 1;
    }
}
