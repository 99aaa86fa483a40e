namespace Utilities.Plugins.Sdk;

/// <summary>
/// Forecasts consumption of one meter register (or one account, or a building) from its history.
/// Forecasts serve plausibility checks, the consumer's expected bill, demand planning and anomaly
/// alerts, never charging.
/// </summary>
public interface IConsumptionForecaster
{
    /// <summary>
    /// The forecast for each of the <paramref name="months"/> months that follow the last month of
    /// <paramref name="history"/>; empty when the history is empty.
    /// </summary>
    /// <param name="history">Known monthly consumption, in any order, one entry per month; months may be missing.</param>
    /// <param name="months">How many months ahead to forecast (at least 1).</param>
    IReadOnlyList<MonthlyConsumption> Forecast(IReadOnlyList<MonthlyConsumption> history, int months);

    /// <summary>
    /// The forecast with its 80 % interval for each of the <paramref name="months"/> months that follow
    /// the last month of <see cref="ForecastHistory.Monthly"/>; empty when that is empty. Since SDK
    /// 1.4.0; a plugin built against an older SDK gets its <see cref="Forecast"/> with an interval
    /// from the spread of the history's year-on-year changes.
    /// </summary>
    IReadOnlyList<ConsumptionForecast> ForecastMonths(ForecastHistory history, int months) =>
        ForecastDefaults.Months(this, history, months);

    /// <summary>
    /// The forecast with its 80 % interval for each of the <paramref name="days"/> days that follow
    /// the last day of <see cref="ForecastHistory.Daily"/>; empty when that is empty. Since SDK 1.4.0;
    /// a plugin built against an older SDK gets the same weekday a week earlier with an interval from
    /// the spread of the history's week-on-week changes.
    /// </summary>
    IReadOnlyList<ConsumptionForecast> ForecastDays(ForecastHistory history, int days) =>
        ForecastDefaults.Days(history, days);
}
