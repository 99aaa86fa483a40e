namespace Utilities.Plugins.Sdk;

/// <summary>
/// Forecasts consumption of one meter register (or one account) from its monthly history. Forecasts
/// serve plausibility checks, the consumer's expected bill and demand planning, never charging.
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
}
