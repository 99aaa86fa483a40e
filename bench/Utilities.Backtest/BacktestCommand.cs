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

    public static IReadOnlyList<BacktestRow> Run(string folder, IEnumerable<IUtilityPlugin> plugins, TextWriter output)
    {
        var byCode = plugins.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();
        var data = BacktestData.Load(folder);
        var points = Backtester.Run(data, s => PluginOf.TryGetValue(s.Utility, out var code) && byCode.TryGetValue(code, out var p) ? p.Forecaster : null);
        var rows = BacktestReport.Rows(points);
        output.Write(BacktestReport.Markdown(rows));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"backtest: {data.Series.Count} series, {points.Count} points in {watch.Elapsed.TotalSeconds:0.0} s"));
        return rows;
    }
}
