using Utilities.Host.Plugins;
using Utilities.Plugins.Sdk;
using Utilities.Plugins.Tests.Infrastructure;

namespace Utilities.Plugins.Tests;

/// <summary>
/// The daily models of the real plugins (ADR 21) on made-up histories whose right answer is known:
/// the weekday profile, a glitch in the last days, a holiday known in advance, heating that follows
/// the cold.
/// </summary>
public sealed class DailyForecastTests
{
    private static readonly Lazy<IReadOnlyList<IUtilityPlugin>> Plugins =
        new(() => PluginCatalog.Load(PluginDirectory.HostPlugins).Loaded.Select(p => p.Plugin).ToList());

    private static IConsumptionForecaster Electricity => Plugins.Value.Single(p => p.Code == "electricity").Forecaster;

    private static IConsumptionForecaster Heating => Plugins.Value.Single(p => p.Code == "heating").Forecaster;

    /// <summary>A Monday, so the weeks of the history start on Mondays.</summary>
    private static readonly DateOnly Start = new(2021, 1, 4);

    /// <summary>An office: 100 kWh on a working day, 40 at the weekend, 2 % noise.</summary>
    private static decimal Office(DateOnly day, Random noise) =>
        (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 40m : 100m) * (1m + (((decimal)noise.NextDouble() - 0.5m) * 0.04m));

    private static List<DailyConsumption> History(int days, Func<DateOnly, Random, decimal> volume)
    {
        var noise = new Random(7);
        return Enumerable.Range(0, days).Select(k => Start.AddDays(k)).Select(d => new DailyConsumption(d, volume(d, noise))).ToList();
    }

    [Fact]
    public void A_week_ahead_follows_the_weekday_profile()
    {
        var history = History(70, Office);

        var week = Electricity.ForecastDays(new ForecastHistory { Daily = history }, 7);

        Assert.Equal(7, week.Count);
        Assert.Equal(history[^1].Day.AddDays(1), week[0].From);
        Assert.All(week, f => Assert.InRange((double)f.Volume, 0.96 * Expected(f.From), 1.04 * Expected(f.From)));
        Assert.All(week, f => Assert.True(f.Lower <= f.Volume && f.Volume <= f.Upper));
    }

    [Fact]
    public void A_glitch_on_the_last_day_does_not_move_the_week_ahead()
    {
        // The meter double-counted the last day (a Sunday: 10 times a Sunday's use). Without the
        // cleaning of odd days the recent level, and so every day of the next week, would jump by half.
        var history = History(70, Office);
        history[^1] = history[^1] with { Volume = 400m };

        var week = Electricity.ForecastDays(new ForecastHistory { Daily = history }, 7);

        Assert.Equal(DayOfWeek.Sunday, history[^1].Day.DayOfWeek);
        Assert.All(week, f => Assert.InRange((double)f.Volume, 0.95 * Expected(f.From), 1.05 * Expected(f.From)));
    }

    [Fact]
    public void A_holiday_known_in_advance_is_forecast_like_the_earlier_holidays()
    {
        // The office closes on holidays (a Sunday's use): three earlier ones, and a Monday in the week ahead.
        var history = History(98, Office);
        var holidays = new List<DateOnly> { Start.AddDays(14), Start.AddDays(44), Start.AddDays(72), history[^1].Day.AddDays(1) };
        var closed = history.Select(d => holidays.Contains(d.Day) ? d with { Volume = 40m } : d).ToList();

        var withCalendar = Electricity.ForecastDays(new ForecastHistory { Daily = closed, Holidays = holidays }, 7);
        var without = Electricity.ForecastDays(new ForecastHistory { Daily = closed }, 7);

        Assert.Equal(DayOfWeek.Monday, withCalendar[0].From.DayOfWeek);
        Assert.InRange((double)withCalendar[0].Volume, 36, 44);
        Assert.InRange((double)without[0].Volume, 90, 110);
        Assert.All(withCalendar.Skip(1), f => Assert.InRange((double)f.Volume, 0.95 * Expected(f.From), 1.05 * Expected(f.From)));
    }

    [Fact]
    public void Heating_by_day_follows_the_degree_days_and_a_setback_at_the_origin_carries_into_the_week()
    {
        // Three winters of a building using 50 kWh per degree-day below 15.5 °C plus 100 kWh a day;
        // the temperature a sine over the year.
        static double Temperature(DateOnly d) => 10 - (8 * Math.Cos(2 * Math.PI * (d.DayOfYear - 15) / 365.25));
        var start = new DateOnly(2019, 1, 1);
        var days = Enumerable.Range(0, 3 * 365).Select(k => start.AddDays(k)).ToList();
        var temperatures = days.Select(d => new DailyTemperature(d, Temperature(d))).ToList();
        var daily = days.Select(d => new DailyConsumption(d, (decimal)(100 + (50 * Math.Max(0, 15.5 - Temperature(d)))))).ToList();
        var cut = new DateOnly(2021, 12, 1);
        var history = new ForecastHistory { Daily = daily.Where(d => d.Day < cut).ToList(), Temperatures = temperatures.Where(t => t.Day < cut).ToList() };
        // The same history with the building's last three days at 70 % of its heat (a setback), the
        // temperatures unchanged: the residual of those days is carried into the week ahead.
        var setback = new ForecastHistory
        {
            Daily = history.Daily.Select(d => d.Day >= cut.AddDays(-3) ? d with { Volume = d.Volume * 0.7m } : d).ToList(),
            Temperatures = history.Temperatures,
        };

        var week = Heating.ForecastDays(history, 7);
        var lower = Heating.ForecastDays(setback, 7);

        Assert.All(week, f => Assert.InRange((double)f.Volume, 0.9 * HeatOf(f.From), 1.1 * HeatOf(f.From)));
        Assert.All(lower.Zip(week), p => Assert.True(p.First.Volume < p.Second.Volume * 0.95m, $"{p.First.Volume} after a setback against {p.Second.Volume}"));

        double HeatOf(DateOnly d) => 100 + (50 * Math.Max(0, 15.5 - Temperature(d)));
    }

    private static double Expected(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 40 : 100;
}
