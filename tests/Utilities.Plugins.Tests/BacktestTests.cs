using Utilities.Backtest;
using Utilities.Host.Plugins;
using Utilities.Plugins.Sdk;
using Utilities.Plugins.Tests.Infrastructure;

namespace Utilities.Plugins.Tests;

/// <summary>The backtest harness on a small slice of the shared data (Data/backtest), with the real plugins.</summary>
public sealed class BacktestTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Data", "backtest");

    private static readonly Lazy<IReadOnlyList<IUtilityPlugin>> Plugins =
        new(() => PluginCatalog.Load(PluginDirectory.HostPlugins).Loaded.Select(p => p.Plugin).ToList());

    private static IConsumptionForecaster Heating => Plugins.Value.Single(p => p.Code == "heating").Forecaster;

    [Fact]
    public void The_backtest_scores_the_model_and_both_baselines_on_the_same_rolling_origins()
    {
        var output = new StringWriter();

        var rows = BacktestCommand.Run(Folder, Plugins.Value, output);

        Assert.Equal(
            [("electricity", BacktestHorizon.Monthly), ("electricity", BacktestHorizon.Daily), ("gas_heating", BacktestHorizon.Monthly), ("gas_heating", BacktestHorizon.Daily)],
            rows.Select(r => (r.Utility, r.Horizon)));
        foreach (var row in rows)
        {
            Assert.Equal(1, row.Series);
            // Monthly: the last 12 months (less those missing, or after a missing month: 1 month ahead only); daily: 52 weekly origins × 7 days.
            if (row.Horizon == BacktestHorizon.Monthly)
                Assert.InRange(row.Points, 10, 12);
            else
                Assert.InRange(row.Points, 300, 364);
            foreach (var score in new[] { row.Model, row.SeasonalNaive, row.RecentMean })
            {
                Assert.InRange(score.Wape, 0.001, 1.5);
                Assert.InRange(score.Smape, 0.001, 2);
                Assert.True(double.IsFinite(score.Mase) && score.Mase > 0);
            }

            Assert.InRange(row.Coverage, 0.3, 1);
        }

        Assert.Contains("| electricity | kWh | 1 month | 1 |", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("backtest: 2 series", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Rolling_origins_follow_the_issue_monthly_the_last_12_months_daily_52_weeks_with_a_year_before()
    {
        var data = BacktestData.Load(Folder);
        var electricity = data.Series.Single(s => s.Id == "cam_b2_el");

        var months = Backtester.MonthlyTargetMonths(electricity);
        var origins = Backtester.DailyOriginDays(electricity);

        // The last 12 calendar months of the series; the file lacks July 2021.
        Assert.Equal(11, months.Count);
        Assert.Equal(electricity.Monthly.Keys[^1].AddMonths(-11), months[0]);
        Assert.Equal(electricity.Monthly.Keys[^1], months[^1]);
        Assert.True(electricity.Monthly.Keys.Count(m => m < months[0]) >= 24);
        Assert.Equal(52, origins.Count);
        Assert.Equal(electricity.Daily.Keys[^1].AddDays(-7), origins[^1]);
        Assert.All(origins.Zip(origins.Skip(1)), p => Assert.Equal(7, p.Second.DayNumber - p.First.DayNumber));
        Assert.True(electricity.Daily.Keys[0] <= origins[0].AddDays(-365));
    }

    [Fact]
    public void A_forecast_never_sees_the_temperature_after_its_origin()
    {
        var data = BacktestData.Load(Folder);
        var gas = data.Series.Single(s => s.Id == "cam_b20_gas");
        var target = Backtester.MonthlyTargetMonths(gas).First(m => m.Month == 1);
        var origin = Backtester.DailyOriginDays(gas).First(d => d.Month == 12);

        var monthly = Heating.ForecastMonths(Backtester.MonthlyHistory(data, gas, target), 1).Single();
        var daily = Heating.ForecastDays(Backtester.DailyHistory(data, gas, origin), 7);
        Assert.All(Backtester.MonthlyHistory(data, gas, target).Temperatures, t => Assert.True(t.Day < target));
        Assert.All(Backtester.DailyHistory(data, gas, origin).Temperatures, t => Assert.True(t.Day <= origin));

        // A fortnight of deep frost right after the origin: the forecast does not move.
        Assert.Equal(monthly, Heating.ForecastMonths(Backtester.MonthlyHistory(Perturbed(data, d => d >= target && d < target.AddDays(14), -15), gas, target), 1).Single());
        Assert.Equal(daily, Heating.ForecastDays(Backtester.DailyHistory(Perturbed(data, d => d > origin && d <= origin.AddDays(14), -15), gas, origin), 7));

        // The same frost in the earlier years moves it (the climatology and the fit use them): the check can fail.
        var monthlyBefore = Heating.ForecastMonths(Backtester.MonthlyHistory(Perturbed(data, d => d < target.AddDays(-30) && d.Month == target.Month, -15), gas, target), 1).Single();
        var dailyBefore = Heating.ForecastDays(Backtester.DailyHistory(Perturbed(data, d => d < origin.AddDays(-30) && d.Month is 12 or 1, -15), gas, origin), 7);
        Assert.NotEqual(monthly.Volume, monthlyBefore.Volume);
        Assert.NotEqual(daily.Select(d => d.Volume), dailyBefore.Select(d => d.Volume));
    }

    [Fact]
    public void Forecasts_carry_an_interval_around_the_volume_and_a_cold_month_forecasts_more_heat()
    {
        var data = BacktestData.Load(Folder);
        var gas = data.Series.Single(s => s.Id == "cam_b20_gas");
        var history = Backtester.MonthlyHistory(data, gas, gas.Monthly.Keys[^1].AddMonths(-11));

        var year = Heating.ForecastMonths(history, 12);

        Assert.Equal(12, year.Count);
        Assert.All(year, f => Assert.True(f.Lower <= f.Volume && f.Volume <= f.Upper && f.Lower >= 0));
        Assert.True(year.Single(f => f.From.Month == 1).Volume > 3 * year.Single(f => f.From.Month == 7).Volume);
        // Without temperatures the same plugin still forecasts (by the seasonal model), through the SDK 1.0 method too.
        Assert.Equal(12, Heating.Forecast(history.Monthly, 12).Count);
    }

    private static BacktestData Perturbed(BacktestData data, Func<DateOnly, bool> which, double by) =>
        data with
        {
            Weather = data.Weather.ToDictionary(
                w => w.Key,
                w => new SortedList<DateOnly, double>(w.Value.ToDictionary(d => d.Key, d => which(d.Key) ? d.Value + by : d.Value))),
        };
}
