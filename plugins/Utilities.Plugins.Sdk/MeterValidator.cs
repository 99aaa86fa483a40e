using System.Globalization;

namespace Utilities.Plugins.Sdk;

/// <summary>
/// The checks of a reading every utility type shares, driven by its <see cref="PlausibilityLimits"/>:
/// not in the future, not before the previous reading, no more digits than the counter has, a value
/// below the previous one only as a rollover of the counter, plausible volume per day, spikes against
/// the history and the forecaster's expectation, long runs of zero consumption.
/// </summary>
public class MeterValidator : IMeterValidator
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");
    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    /// <summary>Creates the checks for a utility type.</summary>
    /// <param name="limits">The utility type's numbers.</param>
    /// <param name="forecaster">The utility type's forecaster, for the expected consumption; null to use the history alone.</param>
    public MeterValidator(PlausibilityLimits limits, IConsumptionForecaster? forecaster)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        Forecaster = forecaster;
    }

    /// <summary>The numbers the checks use.</summary>
    public PlausibilityLimits Limits { get; }

    /// <summary>The forecaster asked for the expected consumption, if any.</summary>
    public IConsumptionForecaster? Forecaster { get; }

    /// <inheritdoc />
    public virtual ReadingAssessment Assess(ReadingCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var findings = new List<ValidationFinding>();
        if (check.Value < 0)
        {
            findings.Add(Error("negative", "Показание не может быть отрицательным.", "A reading cannot be negative."));
            return new ReadingAssessment(null, findings);
        }

        if (check.TakenAt > check.Now)
            findings.Add(Error("future", "Дата снятия показания ещё не наступила.", "The reading is dated in the future."));

        if (check.DigitCapacity > 0 && check.Value >= Capacity(check.DigitCapacity))
        {
            findings.Add(Error(
                "too-many-digits",
                $"В показании больше цифр до запятой, чем у счётчика ({check.DigitCapacity}).",
                $"The reading has more digits before the decimal point than the meter has ({check.DigitCapacity})."));
        }

        if (check.Previous is not { } previous)
            return new ReadingAssessment(null, findings);

        if (check.TakenAt < previous.TakenAt)
        {
            findings.Add(Error(
                "before-previous",
                $"Дата снятия раньше предыдущего показания ({previous.TakenAt.ToString("dd.MM.yyyy", Ru)}).",
                $"The reading is dated before the previous one ({previous.TakenAt.ToString("yyyy-MM-dd", En)})."));
        }

        var days = Math.Max((decimal)(check.TakenAt - previous.TakenAt).TotalDays, 1m);
        var maxDaily = check.Scope == MeterScope.Building ? Limits.MaxDailyBuilding : Limits.MaxDailyPremises;
        decimal consumption;
        if (check.Value >= previous.Value)
        {
            consumption = check.Value - previous.Value;
        }
        else
        {
            var rolled = check.DigitCapacity > 0 ? check.Value + Capacity(check.DigitCapacity) - previous.Value : -1m;
            if (rolled < 0 || (maxDaily is { } max && rolled > max * days))
            {
                findings.Add(Error(
                    "below-previous",
                    $"Показание меньше предыдущего ({Number(previous.Value, Ru)}).",
                    $"The reading is below the previous one ({Number(previous.Value, En)})."));
                return new ReadingAssessment(null, findings);
            }

            consumption = rolled;
            findings.Add(new ValidationFinding(
                "rollover",
                FindingSeverity.Info,
                new LocalizedText(
                    $"Счётчик перешёл через ноль ({check.DigitCapacity} разрядов): расход {Number(consumption, Ru)}.",
                    $"The counter rolled over ({check.DigitCapacity} digits): consumption {Number(consumption, En)}.")));
        }

        var daily = consumption / days;
        if (maxDaily is { } limit && daily > limit)
        {
            findings.Add(Warning(
                "above-daily-limit",
                $"Расход {Number(daily, Ru)} в сутки выше правдоподобного ({Number(limit, Ru)}).",
                $"Consumption of {Number(daily, En)} a day is above the plausible {Number(limit, En)}."));
        }
        else if (Expected(check) is { } expectedDaily && expectedDaily > 0
                 && daily > expectedDaily * Limits.SpikeFactor && consumption >= Limits.SpikeMinimumVolume)
        {
            findings.Add(Warning(
                "spike",
                $"Расход {Number(daily, Ru)} в сутки более чем в {Number(Limits.SpikeFactor, Ru)} раза выше обычного ({Number(expectedDaily, Ru)}).",
                $"Consumption of {Number(daily, En)} a day is over {Number(Limits.SpikeFactor, En)} times the usual {Number(expectedDaily, En)}."));
        }

        if (consumption == 0 && Limits.ZeroRunMonths > 0 && check.History.Count >= Limits.ZeroRunMonths
            && check.History.OrderBy(h => h.Month).TakeLast(Limits.ZeroRunMonths).All(h => h.Volume == 0))
        {
            findings.Add(Warning(
                "zero-run",
                $"Расхода нет уже {Limits.ZeroRunMonths} мес. и больше: счётчик может быть неисправен.",
                $"No consumption for {Limits.ZeroRunMonths} months or more: the meter may be faulty."));
        }

        return new ReadingAssessment(consumption, findings);
    }

    /// <summary>
    /// The expected daily consumption for the month of the reading: the forecaster's figure for that
    /// month when it has one, else the mean of the history; null with too little history.
    /// </summary>
    protected virtual decimal? Expected(ReadingCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.History.Count < Limits.SpikeMinimumHistoryMonths)
            return null;
        var ordered = check.History.OrderBy(h => h.Month).ToList();
        var month = new DateOnly(check.TakenAt.Year, check.TakenAt.Month, 1);
        var monthly = ordered.Average(h => h.Volume);
        if (Forecaster is not null && month > ordered[^1].Month)
        {
            var ahead = ((month.Year - ordered[^1].Month.Year) * 12) + month.Month - ordered[^1].Month.Month;
            if (ahead <= 24 && Forecaster.Forecast(ordered, ahead) is { Count: > 0 } forecast)
                monthly = Math.Max(monthly, forecast[^1].Volume);
        }

        return monthly / DateTime.DaysInMonth(month.Year, month.Month);
    }

    private static decimal Capacity(int digits) => (decimal)Math.Pow(10, Math.Min(digits, 18));

    private static string Number(decimal value, CultureInfo culture) => Math.Round(value, 3).ToString("0.###", culture);

    private static ValidationFinding Error(string code, string ru, string en) => new(code, FindingSeverity.Error, new LocalizedText(ru, en));

    private static ValidationFinding Warning(string code, string ru, string en) => new(code, FindingSeverity.Warning, new LocalizedText(ru, en));
}
