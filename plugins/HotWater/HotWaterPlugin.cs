using Utilities.Plugins.HotWater.Forecasting;
using Utilities.Plugins.Sdk;

namespace Utilities.Plugins.HotWater;

/// <summary>Hot water: m³ on a single register (the heat component is priced per m³ by the tariff).</summary>
public sealed class HotWaterPlugin : IUtilityPlugin
{
    /// <summary>Creates the plugin; its validator asks its own forecaster.</summary>
    public HotWaterPlugin() => Validator = new MeterValidator(Limits, Forecaster) { Unit = Unit };

    /// <inheritdoc />
    public string Code => "hot-water";

    /// <inheritdoc />
    public LocalizedText DisplayName { get; } = new("Горячее водоснабжение", "Hot water");

    /// <inheritdoc />
    public LocalizedText Description { get; } = new(
        "Горячая вода по индивидуальному счётчику, м³; тариф учитывает и воду, и тепло на её нагрев.",
        "Hot water by the premises meter, m³; the tariff covers the water and the heat to warm it.");

    /// <inheritdoc />
    public MeasurementUnit Unit => MeasurementUnit.CubicMetre;

    /// <inheritdoc />
    public IReadOnlyList<MeterRegister> Registers { get; } = [MeterRegister.Total];

    /// <inheritdoc />
    public IConsumptionForecaster Forecaster { get; } = new ConsumptionForecaster(ForecastProfile.Water);

    /// <inheritdoc />
    public IReadOnlyList<RegisterLayout> Layouts { get; } =
        [new("single", new LocalizedText("Один счётный механизм", "Single register"), [MeterRegister.Total.Code])];

    /// <summary>The numbers of hot water readings.</summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><b>Premises, 2 m³ a day</b>: the hot water norm is about 3–3.6 m³ a month per person
    /// (0.1–0.12 m³ a day), a little below cold water's; a family of six stays under 0.7 m³ a day.
    /// 2 m³ a day is a hot tap left open for hours every day: a leak or a misread.</item>
    /// <item><b>Building, 300 m³ a day</b>: 60–100 litres of hot water per person a day for
    /// 1 000–2 000 residents is 60–200 m³; 300 m³ leaves room for the largest buildings.</item>
    /// <item><b>Spikes</b>: above 3 times the usual, from 3 m³ in the period (about a month of one
    /// person).</item>
    /// <item><b>Zero runs</b>: 3 months without a litre. The yearly maintenance shut-off of hot water
    /// lasts up to 14 days, never a month, so it does not trigger this.</item>
    /// </list>
    /// </remarks>
    public static PlausibilityLimits Limits { get; } = new()
    {
        MaxDailyPremises = 2m,
        MaxDailyBuilding = 300m,
        SpikeFactor = 3m,
        SpikeMinimumVolume = 3m,
        SpikeMinimumHistoryMonths = 3,
        ZeroRunMonths = 3,
    };

    /// <inheritdoc />
    public IMeterValidator Validator { get; }

    /// <inheritdoc />
    /// <remarks>Shapes, norm keys and choices: <see cref="HotWaterTariffs"/> and docs/adr/0005-plugins.md.</remarks>
    public ITariffFormula? Tariffs { get; } = new HotWaterTariffs();
}
