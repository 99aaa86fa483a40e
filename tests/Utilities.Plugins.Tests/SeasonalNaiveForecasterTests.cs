using Utilities.Plugins.Sdk;
using Utilities.Plugins.Tests.Infrastructure;

namespace Utilities.Plugins.Tests;

public sealed class SeasonalNaiveForecasterTests
{
    private static readonly SeasonalNaiveForecaster Forecaster = new();

    private static MonthlyConsumption Month(int year, int month, decimal volume) => new(new DateOnly(year, month, 1), volume);

    [Fact]
    public void A_month_is_forecast_as_the_same_month_a_year_earlier()
    {
        var history = MonthlySeries.Get("cam_b104_gas").Where(m => m.Month.Year is 2016 or 2017).ToList();

        var forecast = Forecaster.Forecast(history, 12);

        Assert.Equal(12, forecast.Count);
        var year2017 = history.Where(m => m.Month.Year == 2017).ToList();
        Assert.Equal(year2017.Select(m => m.Month.AddYears(1)), forecast.Select(f => f.Month));
        Assert.Equal(year2017.Select(m => m.Volume), forecast.Select(f => f.Volume));
        Assert.Equal(3388.1m, history[0].Volume); // the data is what the file says, not a copy of the forecast
    }

    [Fact]
    public void Without_the_same_month_last_year_the_mean_of_the_latest_three_known_months_is_used()
    {
        MonthlyConsumption[] history =
        [
            Month(2025, 1, 100m), Month(2025, 2, 120m), Month(2025, 3, 110m), Month(2025, 5, 130m), Month(2025, 6, 140m),
        ];

        var forecast = Forecaster.Forecast(history, 2);

        // (110 + 130 + 140) / 3, rounded to 6 decimals as volumes are kept
        Assert.Equal([Month(2025, 7, 126.666667m), Month(2025, 8, 126.666667m)], forecast);
    }

    [Fact]
    public void Beyond_a_year_ahead_the_forecast_repeats_the_year_before_whether_known_or_forecast()
    {
        MonthlyConsumption[] history = [Month(2024, 2, 20m), Month(2024, 1, 10m)];

        var forecast = Forecaster.Forecast(history, 14);

        Assert.Equal(Month(2024, 3, 15m), forecast[0]);
        Assert.Equal(Month(2024, 12, 15m), forecast[9]);
        Assert.Equal(Month(2025, 1, 10m), forecast[10]);
        Assert.Equal(Month(2025, 2, 20m), forecast[11]);
        Assert.Equal(Month(2025, 3, 15m), forecast[12]);
        Assert.Equal(Month(2025, 4, 15m), forecast[13]);
    }

    [Fact]
    public void Seasonal_naive_beats_the_mean_of_the_last_three_months_on_real_heating_data()
    {
        // data/README.md: for heating, seasonal naive ~22 % WAPE against ~50 % for the 3-month mean.
        var series = MonthlySeries.Get("cam_b104_gas");
        var seasonal = Wape(series, (history, _) => Forecaster.Forecast(history, 1)[0].Volume);
        var meanOfThree = Wape(series, (history, _) => history.TakeLast(3).Average(m => m.Volume));

        Assert.InRange(seasonal, 0.05m, 0.35m);
        Assert.True(seasonal < meanOfThree, $"seasonal naive WAPE {seasonal:P1} vs 3-month mean {meanOfThree:P1}");
    }

    [Fact]
    public void On_real_electricity_data_with_missing_months_one_month_ahead_errors_stay_at_the_baseline()
    {
        var series = MonthlySeries.Get("cam_b0_el");
        Assert.True(series.Count < 48, "the extract has gaps that exercise the fallback");

        var wape = Wape(series, (history, _) => Forecaster.Forecast(history, 1)[0].Volume);

        Assert.InRange(wape, 0.01m, 0.20m);
    }

    [Fact]
    public void Empty_history_gives_no_forecast_and_malformed_history_is_refused()
    {
        Assert.Empty(Forecaster.Forecast([], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Forecaster.Forecast([Month(2025, 1, 1m)], 0));
        Assert.Throws<ArgumentException>(() => Forecaster.Forecast([Month(2025, 1, 1m), Month(2025, 1, 2m)], 1));
        Assert.Throws<ArgumentException>(() => Forecaster.Forecast([new MonthlyConsumption(new DateOnly(2025, 1, 15), 1m)], 1));
    }

    /// <summary>
    /// Weighted absolute percentage error of one-month-ahead forecasts over the last 24 months of
    /// the series, each made from the history up to the month before (rolling origin).
    /// </summary>
    private static decimal Wape(IReadOnlyList<MonthlyConsumption> series, Func<IReadOnlyList<MonthlyConsumption>, DateOnly, decimal> forecast)
    {
        decimal error = 0, actual = 0;
        foreach (var target in series.Skip(series.Count - 24))
        {
            var history = series.Where(m => m.Month < target.Month).ToList();
            if (history[^1].Month.AddMonths(1) != target.Month)
                continue; // the month before is missing: not a one-month-ahead forecast
            error += Math.Abs(forecast(history, target.Month) - target.Volume);
            actual += Math.Abs(target.Volume);
        }

        return error / actual;
    }
}
