using System.Diagnostics;
using System.Globalization;
using Utilities.Plugins.Sdk;

namespace Utilities.Backtest;

/// <summary>
/// `backtest &lt;data folder&gt;`: scores the plugins' forecasters and the two baselines on the folder's
/// series and prints the table. A series is forecast by the plugin of its utility: electricity by
/// electricity, gas_heating by heating, water by cold-water (a house meter counts both waters).
/// </summary>
internal static class BacktestCommand
{
    public static readonly IReadOnlyDictionary<string, string> PluginOf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["electricity"] = "electricity",
        ["gas_heating"] = "heating",
        ["heat"] = "heating",
        ["heating"] = "heating",
        ["water"] = "cold-water",
        ["cold_water"] = "cold-water",
        ["hot_water"] = "hot-water",
    };

    /// <summary>The usage line of the command's options.</summary>
    public const string Usage = "backtest <data folder> [--utility <name>] [--horizon monthly|daily] [--calendar none]";

    public static IReadOnlyList<BacktestRow> Run(string folder, IEnumerable<IUtilityPlugin> plugins, TextWriter output, BacktestOptions? options = null)
    {
        var byCode = plugins.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();
        var data = BacktestData.Load(folder);
        var points = Backtester.Run(data, s => PluginOf.TryGetValue(s.Utility, out var code) && byCode.TryGetValue(code, out var p) ? p.Forecaster : null, options: options);
        var rows = BacktestReport.Rows(points);
        output.Write(BacktestReport.Markdown(rows));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"backtest: {points.Select(p => p.Series).Distinct(StringComparer.Ordinal).Count()} series scored of {data.Series.Count}, {points.Count} points in {watch.Elapsed.TotalSeconds:0.0} s"));
        return rows;
    }

    /// <summary>
    /// The options after the folder: <c>--utility electricity</c> (only that utility's series),
    /// <c>--horizon monthly|daily</c> (only that horizon), <c>--calendar none</c> (no holidays given).
    /// </summary>
    public static BacktestOptions Options(IReadOnlyList<string> args)
    {
        var options = BacktestOptions.All;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value; {Usage}");
            options = args[i] switch
            {
                "--utility" => options with { Utility = value },
                "--horizon" => options with
                {
                    Horizon = value switch
                    {
                        "monthly" => BacktestHorizon.Monthly,
                        "daily" => BacktestHorizon.Daily,
                        _ => throw new ArgumentException($"--horizon is monthly or daily, not '{value}'; {Usage}"),
                    },
                },
                "--calendar" => value switch
                {
                    "none" => options with { Calendar = false },
                    "uk" => options with { Calendar = true },
                    _ => throw new ArgumentException($"--calendar is none or uk, not '{value}'; {Usage}"),
                },
                _ => throw new ArgumentException($"unknown option '{args[i]}'; {Usage}"),
            };
            i++;
        }

        return options;
    }
}
