using System.Globalization;
using System.Text;

namespace Utilities.Backtest;

/// <summary>The scores of one method on a group of points.</summary>
internal sealed record BacktestScore(double Wape, double Smape, double Mase);

/// <summary>One row of the table: a utility and unit at one horizon, the model against the two baselines.</summary>
internal sealed record BacktestRow(
    string Utility, string Unit, BacktestHorizon Horizon, int Series, int Points,
    BacktestScore Model, BacktestScore SeasonalNaive, BacktestScore RecentMean, double Coverage)
{
    /// <summary>The model's WAPE relative to the better baseline's: 0.75 or less meets the target.</summary>
    public double Ratio => Model.Wape / Math.Min(SeasonalNaive.Wape, RecentMean.Wape);
}

/// <summary>WAPE pooled over all points of all series of a utility (and unit), sMAPE and MASE averaged over the points.</summary>
internal static class BacktestReport
{
    public static IReadOnlyList<BacktestRow> Rows(IReadOnlyList<BacktestPoint> points) =>
        points.GroupBy(p => (p.Utility, p.Unit, p.Horizon))
            .OrderBy(g => g.Key.Utility, StringComparer.Ordinal).ThenBy(g => g.Key.Unit, StringComparer.Ordinal).ThenBy(g => g.Key.Horizon)
            .Select(g =>
            {
                var list = g.ToList();
                return new BacktestRow(g.Key.Utility, g.Key.Unit, g.Key.Horizon, list.Select(p => p.Series).Distinct().Count(), list.Count,
                    Score(list, p => p.Model), Score(list, p => p.SeasonalNaive), Score(list, p => p.RecentMean),
                    list.Count(p => p.Actual >= p.Lower && p.Actual <= p.Upper) / (double)list.Count);
            })
            .ToList();

    public static BacktestScore Score(IReadOnlyList<BacktestPoint> points, Func<BacktestPoint, double> forecast)
    {
        var actual = points.Sum(p => Math.Abs(p.Actual));
        var wape = actual > 0 ? points.Sum(p => Math.Abs(p.Actual - forecast(p))) / actual : 0;
        var smape = points.Average(p =>
        {
            var denominator = Math.Abs(p.Actual) + Math.Abs(forecast(p));
            return denominator > 0 ? 2 * Math.Abs(p.Actual - forecast(p)) / denominator : 0;
        });
        var mase = points.Average(p => Math.Abs(p.Actual - forecast(p)) / p.Scale);
        return new BacktestScore(wape, smape, mase);
    }

    /// <summary>A Markdown table: WAPE, sMAPE, MASE of the model and the baselines, the ratio to the better baseline, the coverage.</summary>
    public static string Markdown(IReadOnlyList<BacktestRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| utility | unit | horizon | series | points | model WAPE | seasonal naive WAPE | recent mean WAPE | model / better baseline | model sMAPE | SN sMAPE | RM sMAPE | model MASE | SN MASE | RM MASE | 80 % interval coverage |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Utility} | {r.Unit} | {(r.Horizon == BacktestHorizon.Monthly ? "1 month" : "1–7 days")} | {r.Series} | {r.Points} | {r.Model.Wape:P1} | {r.SeasonalNaive.Wape:P1} | {r.RecentMean.Wape:P1} | {r.Ratio:0.000} | {r.Model.Smape:P1} | {r.SeasonalNaive.Smape:P1} | {r.RecentMean.Smape:P1} | {r.Model.Mase:0.00} | {r.SeasonalNaive.Mase:0.00} | {r.RecentMean.Mase:0.00} | {r.Coverage:P0} |"));
        }

        return text.ToString();
    }
}
