using System.Globalization;
using Utilities.Plugins.Sdk;

namespace Utilities.Plugins.Heating;

/// <summary>
/// The shared checks, plus one of heating's own: a building meter (ОДПУ) that counts no heat over a
/// period in the heart of the heating season (November to March, when every region of the country
/// heats whatever the weather) is faulty or the building is cut off, either way a person must look.
/// A flat meter may count nothing then (radiators shut, the flat empty), and every meter counts
/// nothing in summer, so neither is a finding.
/// </summary>
public sealed class HeatingMeterValidator : MeterValidator
{
    /// <summary>The months the heating season surely covers: October and April depend on the weather.</summary>
    public static IReadOnlySet<int> HeatingSeasonMonths { get; } = new HashSet<int> { 11, 12, 1, 2, 3 };

    /// <summary>Creates the checks.</summary>
    /// <param name="limits">Heating's numbers.</param>
    /// <param name="forecaster">Heating's forecaster.</param>
    public HeatingMeterValidator(PlausibilityLimits limits, IConsumptionForecaster? forecaster)
        : base(limits, forecaster)
    {
    }

    /// <inheritdoc />
    public override ReadingAssessment Assess(ReadingCheck check)
    {
        var assessment = base.Assess(check);
        if (assessment.Consumption != 0m || check.Scope != MeterScope.Building || check.Previous is not { } previous)
            return assessment;

        var middle = previous.TakenAt + ((check.TakenAt - previous.TakenAt) / 2);
        if (!HeatingSeasonMonths.Contains(middle.Month))
            return assessment;

        var ru = CultureInfo.GetCultureInfo("ru-RU");
        var en = CultureInfo.InvariantCulture;
        var finding = new ValidationFinding(
            "zero-in-heating-season",
            FindingSeverity.Warning,
            new LocalizedText(
                $"Общедомовой теплосчётчик не насчитал тепла с {previous.TakenAt.ToString("dd.MM.yyyy", ru)} по {check.TakenAt.ToString("dd.MM.yyyy", ru)}, в отопительный сезон ({ru.DateTimeFormat.GetMonthName(middle.Month)}): прибор может быть неисправен.",
                $"The building heat meter counted no heat from {previous.TakenAt.ToString("yyyy-MM-dd", en)} to {check.TakenAt.ToString("yyyy-MM-dd", en)}, in the heating season ({en.DateTimeFormat.GetMonthName(middle.Month)}): the meter may be faulty."));
        return assessment with { Findings = [.. assessment.Findings, finding] };
    }
}
