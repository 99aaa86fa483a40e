using Utilities.Plugins.Electricity.Forecasting;
using Utilities.Plugins.Sdk;

namespace Utilities.Plugins.Electricity;

/// <summary>Electricity: kWh on up to three zone registers.</summary>
public sealed class ElectricityPlugin : IUtilityPlugin
{
    /// <summary>Creates the plugin; its validator asks its own forecaster.</summary>
    public ElectricityPlugin() => Validator = new MeterValidator(Limits, Forecaster) { Unit = Unit };

    /// <inheritdoc />
    public string Code => "electricity";

    /// <inheritdoc />
    public LocalizedText DisplayName { get; } = new("Электроснабжение", "Electricity");

    /// <inheritdoc />
    public LocalizedText Description { get; } = new(
        "Электроэнергия в жилом помещении: однотарифные, двух- и трёхзонные счётчики (T1, T2, T3), кВт·ч.",
        "Electricity in the premises: single-rate, two-zone and three-zone meters (T1, T2, T3), kWh.");

    /// <inheritdoc />
    public MeasurementUnit Unit => MeasurementUnit.KilowattHour;

    /// <inheritdoc />
    /// <remarks>
    /// The usual zone convention: a two-zone meter counts day (T1) and night (T2); a three-zone meter
    /// peak (T1), night (T2) and semi-peak (T3). A single-rate meter has T1 only.
    /// </remarks>
    public IReadOnlyList<MeterRegister> Registers { get; } =
    [
        new("T1", new LocalizedText("T1 (день, пик)", "T1 (day, peak)")),
        new("T2", new LocalizedText("T2 (ночь)", "T2 (night)")),
        new("T3", new LocalizedText("T3 (полупик)", "T3 (semi-peak)")),
    ];

    /// <inheritdoc />
    public IConsumptionForecaster Forecaster { get; } = new ConsumptionForecaster(ForecastProfile.Electricity);

    /// <inheritdoc />
    public IReadOnlyList<RegisterLayout> Layouts { get; } =
    [
        new("single", new LocalizedText("Однотарифный", "Single-rate"), ["T1"]),
        new("two-zone", new LocalizedText("Двухзонный (день, ночь)", "Two-zone (day, night)"), ["T1", "T2"]),
        new("three-zone", new LocalizedText("Трёхзонный (пик, ночь, полупик)", "Three-zone (peak, night, semi-peak)"), ["T1", "T2", "T3"]),
    ];

    /// <summary>
    /// The numbers of electricity readings, per register (a zone register never counts more than the
    /// whole meter, so one limit serves single-rate and zone registers alike).
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><b>Premises, 100 kWh a day</b>: a flat uses 5–15 kWh a day, 20–40 with an electric stove
    /// and water heater, up to 60–80 on the coldest days with electric heating. 100 kWh a day is a
    /// load of over 4 kW round the clock, more than a flat's usual 10–15 kW connection is ever asked
    /// for over a whole day: above it the reading is misread or someone has to look.</item>
    /// <item><b>Building, 20 000 kWh a day</b>: a building meter counts every flat and the common
    /// property (lifts, pumps, lighting); 300–500 flats at 10–30 kWh make 3 000–15 000 kWh a day.
    /// 20 000 kWh a day is about 830 kW round the clock, the most a large building's inputs
    /// (two 630 kVA transformers) plausibly deliver on average.</item>
    /// <item><b>Spikes</b>: above 3 times the usual daily consumption (the history's mean or the
    /// same month last year, whichever is higher), and only from 150 kWh in the period: a month of
    /// a one-person flat; smaller swings (a vacant flat's 5 kWh becoming 60) are not worth a person.</item>
    /// <item><b>Zero runs</b>: 3 months without a single kWh; a lived-in flat never gets there (a
    /// fridge alone uses 20–40 kWh a month), so the meter may have stopped or the flat is vacant.</item>
    /// </list>
    /// </remarks>
    public static PlausibilityLimits Limits { get; } = new()
    {
        MaxDailyPremises = 100m,
        MaxDailyBuilding = 20_000m,
        SpikeFactor = 3m,
        SpikeMinimumVolume = 150m,
        SpikeMinimumHistoryMonths = 3,
        ZeroRunMonths = 3,
    };

    /// <inheritdoc />
    public IMeterValidator Validator { get; }

    /// <inheritdoc />
    /// <remarks>Shapes, norm keys and choices: <see cref="ElectricityTariffs"/> and docs/adr/0005-plugins.md.</remarks>
    public ITariffFormula? Tariffs { get; } = new ElectricityTariffs();
}
