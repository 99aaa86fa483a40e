using Utilities.Plugins.Heating.Forecasting;
using Utilities.Plugins.Sdk;

namespace Utilities.Plugins.Heating;

/// <summary>Heating: Gcal on a single register of a heat meter (flats rarely have one; building meters do).</summary>
public sealed class HeatingPlugin : IUtilityPlugin
{
    /// <summary>Creates the plugin; its validator asks its own forecaster.</summary>
    public HeatingPlugin() => Validator = new HeatingMeterValidator(Limits, Forecaster) { Unit = Unit };

    /// <inheritdoc />
    public string Code => "heating";

    /// <inheritdoc />
    public LocalizedText DisplayName { get; } = new("Отопление", "Heating");

    /// <inheritdoc />
    public LocalizedText Description { get; } = new(
        "Отопление, Гкал: по квартирному или общедомовому теплосчётчику либо по нормативу.",
        "Heating, Gcal: by a flat or building heat meter, or by the norm.");

    /// <inheritdoc />
    public MeasurementUnit Unit => MeasurementUnit.Gigacalorie;

    /// <inheritdoc />
    public IReadOnlyList<MeterRegister> Registers { get; } = [MeterRegister.Total];

    /// <inheritdoc />
    public IConsumptionForecaster Forecaster { get; } = new ConsumptionForecaster(ForecastProfile.Heating);

    /// <inheritdoc />
    public IReadOnlyList<RegisterLayout> Layouts { get; } =
        [new("single", new LocalizedText("Один счётный механизм", "Single register"), [MeterRegister.Total.Code])];

    /// <summary>The numbers of heat meter readings.</summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><b>Premises, 1 Gcal a day</b>: a flat takes 0.01–0.03 Gcal per m² a month in the heating
    /// season, so a 100 m² flat about 2–3 Gcal a month (0.1 Gcal a day), a few times that in the
    /// hardest frost. 1 Gcal a day is about 48 kW round the clock, the heat of a large detached house
    /// in deep frost: from a flat meter it is a misread.</item>
    /// <item><b>Building, 60 Gcal a day</b>: a 200-flat building of 12 000 m² takes 250–400 Gcal in
    /// a cold month (8–13 Gcal a day), up to about 20 on the coldest days. 60 Gcal a day (2.9 MW round
    /// the clock) leaves room for the largest complexes on one heat input.</item>
    /// <item><b>Spikes</b>: above 3 times the usual, judged only with 12 months of history: the
    /// expected figure has to know the same month last year, or the first cold month after a summer
    /// of zeros always looks like a spike. From 0.5 Gcal in the period (a winter month of a 25–50 m²
    /// flat).</item>
    /// <item><b>Zero runs</b>: off. Heat meters count nothing from May to September by design; see
    /// <see cref="HeatingMeterValidator"/> for zero consumption in the heating season.</item>
    /// </list>
    /// </remarks>
    public static PlausibilityLimits Limits { get; } = new()
    {
        MaxDailyPremises = 1m,
        MaxDailyBuilding = 60m,
        SpikeFactor = 3m,
        SpikeMinimumVolume = 0.5m,
        SpikeMinimumHistoryMonths = 12,
        ZeroRunMonths = 0,
    };

    /// <inheritdoc />
    public IMeterValidator Validator { get; }

    /// <inheritdoc />
    /// <remarks>Shapes, norm keys and choices: <see cref="HeatingTariffs"/> and docs/adr/0005-plugins.md.</remarks>
    public ITariffFormula? Tariffs { get; } = new HeatingTariffs();
}
