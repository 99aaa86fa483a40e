using System.Globalization;

namespace Utilities.Plugins.Sdk;

/// <summary>
/// The checks of a reading every utility type shares, driven by its <see cref="PlausibilityLimits"/>:
/// not in the future, not before the previous reading, no more digits than the counter has, a value
/// below the previous one only as a rollover of the counter, plausible volume per day, spikes against
/// the history and the forecaster's expectation, long runs of zero consumption.
/// </summary>
/// <remarks>
/// A value below the previous one counts as a rollover only when the counter has a known digit
/// capacity, the volume through zero is less than half of that capacity (a larger "rollover" is a
/// misread or a replaced meter far more often than a counter that ran round almost once) and, where
/// the utility type has a daily limit, within that limit. A refused reading has no consumption.
/// </remarks>
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

    /// <summary>The unit volumes are written in within the messages (<c>3 м³</c>); null to write bare numbers.</summary>
    public MeasurementUnit? Unit { get; init; }

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
        {
            findings.Add(Error(
                "future",
                $"Дата снятия показания ({check.TakenAt.ToString("dd.MM.yyyy", Ru)}) ещё не наступила.",
                $"The reading is dated in the future ({check.TakenAt.ToString("yyyy-MM-dd", En)})."));
        }

        if (check.DigitCapacity > 0 && check.Value >= Capacity(check.DigitCapacity))
        {
            findings.Add(Error(
                "too-many-digits",
                $"В показании {Number(check.Value, Ru)} больше цифр до запятой, чем у счётчика ({check.DigitCapacity}).",
                $"The reading {Number(check.Value, En)} has more digits before the decimal point than the meter has ({check.DigitCapacity})."));
        }

        if (check.Previous is { } before && check.TakenAt < before.TakenAt)
        {
            findings.Add(Error(
                "before-previous",
                $"Дата снятия раньше предыдущего показания ({before.TakenAt.ToString("dd.MM.yyyy", Ru)}).",
                $"The reading is dated before the previous one ({before.TakenAt.ToString("yyyy-MM-dd", En)})."));
        }

        if (check.Previous is not { } previous || findings.Count > 0)
            return new ReadingAssessment(null, findings);

        var days = Math.Max((decimal)(check.TakenAt - previous.TakenAt).TotalDays, 1m);
        var maxDaily = check.Scope == MeterScope.Building ? Limits.MaxDailyBuilding : Limits.MaxDailyPremises;
        decimal consumption;
        if (check.Value >= previous.Value)
        {
            consumption = check.Value - previous.Value;
        }
        else
        {
            var capacity = check.DigitCapacity > 0 ? Capacity(check.DigitCapacity) : 0m;
            var rolled = capacity > 0 ? check.Value + capacity - previous.Value : -1m;
            if (rolled < 0 || rolled >= capacity / 2 || (maxDaily is { } max && rolled > max * days))
            {
                findings.Add(Error(
                    "below-previous",
                    $"Показание {Number(check.Value, Ru)} меньше предыдущего ({Number(previous.Value, Ru)}).",
                    $"The reading {Number(check.Value, En)} is below the previous one ({Number(previous.Value, En)})."));
                return new ReadingAssessment(null, findings);
            }

            consumption = rolled;
            findings.Add(new ValidationFinding(
                "rollover",
                FindingSeverity.Info,
                new LocalizedText(
                    $"Счётчик перешёл через ноль (разрядность {check.DigitCapacity}): {Number(previous.Value, Ru)} → {Number(check.Value, Ru)}, расход {Volume(consumption, Ru)}.",
                    $"The counter rolled over ({check.DigitCapacity} digits): {Number(previous.Value, En)} → {Number(check.Value, En)}, consumption {Volume(consumption, En)}.")));
        }

        var daily = consumption / days;
        if (maxDaily is { } limit && daily > limit)
        {
            findings.Add(Warning(
                "above-daily-limit",
                $"Расход {Volume(daily, Ru)} в сутки выше правдоподобного ({Volume(limit, Ru)}).",
                $"Consumption of {Volume(daily, En)} a day is above the plausible {Volume(limit, En)}."));
        }
        else if (Limits.SpikeFactor > 0 && Expected(check) is { } expectedDaily && expectedDaily > 0
                 && daily > expectedDaily * Limits.SpikeFactor && consumption >= Limits.SpikeMinimumVolume)
        {
            findings.Add(Warning(
                "spike",
                $"Расход {Volume(daily, Ru)} в сутки более чем в {Number(Limits.SpikeFactor, Ru)} {Times(Limits.SpikeFactor)} выше обычного ({Volume(expectedDaily, Ru)}).",
                $"Consumption of {Volume(daily, En)} a day is over {Number(Limits.SpikeFactor, En)} times the usual {Volume(expectedDaily, En)}."));
        }

        else if (OutsideForecast(check, consumption, days) is { } band)
        {
            findings.Add(Warning(
                "outside-forecast",
                $"Расход {Volume(consumption, Ru)} далеко за пределами прогноза на этот период ({Volume(band.Lower, Ru)}–{Volume(band.Upper, Ru)}).",
                $"Consumption of {Volume(consumption, En)} is far outside the forecast for the period ({Volume(band.Lower, En)}–{Volume(band.Upper, En)})."));
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
    /// The expected daily consumption for the month the reading's period mostly falls in (the month of
    /// the middle of the period since the previous reading; a reading taken on 1 May speaks of April):
    /// the larger of the history's monthly mean and the forecaster's figure for that month when it has
    /// one; null with too little history.
    /// </summary>
    protected virtual decimal? Expected(ReadingCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.History.Count == 0 || check.History.Count < Limits.SpikeMinimumHistoryMonths)
            return null;
        var ordered = check.History.OrderBy(h => h.Month).ToList();
        var middle = check.Previous is { } previous && previous.TakenAt < check.TakenAt
            ? previous.TakenAt + ((check.TakenAt - previous.TakenAt) / 2)
            : check.TakenAt;
        var month = new DateOnly(middle.Year, middle.Month, 1);
        var monthly = ordered.Average(h => h.Volume);
        if (Forecaster is not null && month > ordered[^1].Month)
        {
            var ahead = ((month.Year - ordered[^1].Month.Year) * 12) + month.Month - ordered[^1].Month.Month;
            if (ahead <= 24 && Forecaster.Forecast(ordered, ahead) is { Count: > 0 } forecast)
                monthly = Math.Max(monthly, forecast[^1].Volume);
        }

        return monthly / DateTime.DaysInMonth(month.Year, month.Month);
    }

    /// <summary>
    /// The forecaster's 80 % interval of a period of about a month (20 to 45 days) when the consumption
    /// lies far outside it: above the upper end by more than the interval's width and by half of the
    /// upper end, or below the lower end by as much; null otherwise, with less than 12 months of history
    /// or below the spike minimum volume. Since SDK 1.4.0.
    /// </summary>
    protected virtual ConsumptionForecast? OutsideForecast(ReadingCheck check, decimal consumption, decimal days)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (Forecaster is null || check.History.Count < 12 || days < 20 || days > 45 || check.Previous is not { } previous)
            return null;
        var ordered = check.History.OrderBy(h => h.Month).ToList();
        var middle = previous.TakenAt + ((check.TakenAt - previous.TakenAt) / 2);
        var month = new DateOnly(middle.Year, middle.Month, 1);
        if (month <= ordered[^1].Month)
            return null;
        var ahead = ((month.Year - ordered[^1].Month.Year) * 12) + month.Month - ordered[^1].Month.Month;
        if (ahead > 3 || Forecaster.ForecastMonths(new ForecastHistory { Monthly = ordered }, ahead) is not { Count: > 0 } forecast)
            return null;
        var share = days / DateTime.DaysInMonth(month.Year, month.Month);
        var band = forecast[^1] with { Volume = forecast[^1].Volume * share, Lower = forecast[^1].Lower * share, Upper = forecast[^1].Upper * share };
        var margin = Math.Max(band.Upper - band.Lower, band.Upper / 2);
        var far = consumption > band.Upper + margin || (band.Lower - margin > 0 && consumption < band.Lower - margin);
        return far && Math.Max(consumption, band.Volume) >= Limits.SpikeMinimumVolume ? band : null;
    }

    private static decimal Capacity(int digits) => (decimal)Math.Pow(10, Math.Min(digits, 18));

    private static string Number(decimal value, CultureInfo culture) => Math.Round(value, 3).ToString("0.###", culture);

    private string Volume(decimal value, CultureInfo culture) =>
        Unit is null ? Number(value, culture) : $"{Number(value, culture)} {(culture == Ru ? Unit.Symbol.Russian : Unit.Symbol.English)}";

    /// <summary>"в 3 раза", "в 5 раз", "в 2,5 раза".</summary>
    private static string Times(decimal factor)
    {
        if (factor != decimal.Truncate(factor))
            return "раза";
        var n = (long)decimal.Truncate(factor) % 100;
        return n % 10 is >= 2 and <= 4 && n is < 12 or > 14 ? "раза" : "раз";
    }

    private static ValidationFinding Error(string code, string ru, string en) => new(code, FindingSeverity.Error, new LocalizedText(ru, en));

    private static ValidationFinding Warning(string code, string ru, string en) => new(code, FindingSeverity.Warning, new LocalizedText(ru, en));
}
