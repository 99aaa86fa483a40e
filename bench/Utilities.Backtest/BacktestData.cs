using System.Globalization;
using Utilities.Plugins.Sdk;

namespace Utilities.Backtest;

/// <summary>One series of a data folder: its monthly and daily values and its weather site.</summary>
internal sealed record BacktestSeries(
    string Id, string Utility, string Unit, string? Site,
    SortedList<DateOnly, decimal> Monthly, SortedList<DateOnly, decimal> Daily);

/// <summary>
/// A data folder in the schema of shared/data: series.csv, daily.csv, monthly.csv and
/// weather_daily.csv (register_monthly.csv is not needed here).
/// </summary>
internal sealed record BacktestData(IReadOnlyList<BacktestSeries> Series, IReadOnlyDictionary<string, SortedList<DateOnly, double>> Weather)
{
    public static BacktestData Load(string folder)
    {
        var series = new List<BacktestSeries>();
        foreach (var row in Rows(Path.Combine(folder, "series.csv")))
        {
            var site = row["site_id"];
            series.Add(new BacktestSeries(row["series_id"], row["utility"], row["unit"], site.Length == 0 ? null : site, [], []));
        }

        var byId = series.ToDictionary(s => s.Id, StringComparer.Ordinal);
        Fill(Path.Combine(folder, "monthly.csv"), byId, s => s.Monthly);
        Fill(Path.Combine(folder, "daily.csv"), byId, s => s.Daily);
        var weather = new Dictionary<string, SortedList<DateOnly, double>>(StringComparer.Ordinal);
        var weatherFile = Path.Combine(folder, "weather_daily.csv");
        if (File.Exists(weatherFile))
        {
            foreach (var row in Rows(weatherFile))
            {
                if (!weather.TryGetValue(row["site_id"], out var days))
                    weather[row["site_id"]] = days = [];
                if (double.TryParse(row["mean_temp_c"], NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
                    days[DateOnly.ParseExact(row["date"], "yyyy-MM-dd", CultureInfo.InvariantCulture)] = t;
            }
        }

        return new BacktestData(series, weather);
    }

    /// <summary>The observed temperatures of a series' site up to and including <paramref name="origin"/>, never after it.</summary>
    public IReadOnlyList<DailyTemperature> TemperaturesUpTo(BacktestSeries series, DateOnly origin)
    {
        if (series.Site is null || !Weather.TryGetValue(series.Site, out var days))
            return [];
        var result = new List<DailyTemperature>(days.Count);
        foreach (var (day, t) in days)
        {
            if (day > origin)
                break;
            result.Add(new DailyTemperature(day, t));
        }

        return result;
    }

    private static void Fill(string file, Dictionary<string, BacktestSeries> byId, Func<BacktestSeries, SortedList<DateOnly, decimal>> target)
    {
        if (!File.Exists(file))
            return;
        foreach (var row in Rows(file))
        {
            if (byId.TryGetValue(row["series_id"], out var s)
                && decimal.TryParse(row["value"], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                target(s)[DateOnly.ParseExact(row["date"], "yyyy-MM-dd", CultureInfo.InvariantCulture)] = value;
        }
    }

    private static IEnumerable<Dictionary<string, string>> Rows(string file)
    {
        using var reader = new StreamReader(file);
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException($"{file} is empty.");
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
                continue;
            var cells = line.Split(',');
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
                row[header[i]] = i < cells.Length ? cells[i] : string.Empty;
            yield return row;
        }
    }
}
