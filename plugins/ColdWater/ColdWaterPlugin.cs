using Utilities.Plugins.ColdWater.Forecasting;
using Utilities.Plugins.Sdk;

namespace Utilities.Plugins.ColdWater;

/// <summary>Cold water: m³ on a single register.</summary>
public sealed class ColdWaterPlugin : IUtilityPlugin
{
    /// <summary>Creates the plugin; its validator asks its own forecaster.</summary>
    public ColdWaterPlugin() => Validator = new MeterValidator(Limits, Forecaster) { Unit = Unit };

    /// <inheritdoc />
    public string Code => "cold-water";

    /// <inheritdoc />
    public LocalizedText DisplayName { get; } = new("Холодное водоснабжение", "Cold water");

    /// <inheritdoc />
    public LocalizedText Description { get; } = new(
        "Холодная вода по индивидуальному счётчику, м³.",
        "Cold water by the premises meter, m³.");

    /// <inheritdoc />
    public MeasurementUnit Unit => MeasurementUnit.CubicMetre;

    /// <inheritdoc />
    public IReadOnlyList<MeterRegister> Registers { get; } = [MeterRegister.Total];

    /// <inheritdoc />
    public IConsumptionForecaster Forecaster { get; } = new ConsumptionForecaster(ForecastProfile.Water);

    /// <inheritdoc />
    public IReadOnlyList<RegisterLayout> Layouts { get; } =
        [new("single", new LocalizedText("Один счётный механизм", "Single register"), [MeterRegister.Total.Code])];

    /// <summary>The numbers of cold water readings.</summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><b>Premises, 3 m³ a day</b>: the cold water norm for a flat with a bath is about
    /// 4–5 m³ a month per person (0.15 m³ a day); a family of six rarely passes 1 m³ a day. 3 m³ a
    /// day is a toilet cistern running non-stop: a leak or a misread, for a person to look at.</item>
    /// <item><b>Building, 500 m³ a day</b>: 150–250 litres per person a day, the cold part of it
    /// 100–150, for 1 000–2 000 residents of a large building is 100–300 m³; 500 m³ a day leaves room
    /// for the largest complexes, and is close to what a DN50 building meter passes round the clock
    /// at its nominal flow.</item>
    /// <item><b>Spikes</b>: above 3 times the usual, from 5 m³ in the period (about a month of one
    /// person): a guest week in a small flat is not a spike.</item>
    /// <item><b>Zero runs</b>: 3 months without a litre: the flat is vacant or the meter stuck.</item>
    /// </list>
    /// </remarks>
    public static PlausibilityLimits Limits { get; } = new()
    {
        MaxDailyPremises = 3m,
        MaxDailyBuilding = 500m,
        SpikeFactor = 3m,
        SpikeMinimumVolume = 5m,
        SpikeMinimumHistoryMonths = 3,
        ZeroRunMonths = 3,
    };

    /// <inheritdoc />
    public IMeterValidator Validator { get; }

    /// <inheritdoc />
    /// <remarks>Shapes, norm keys and choices: <see cref="ColdWaterTariffs"/> and docs/adr/0005-plugins.md.</remarks>
    public ITariffFormula? Tariffs { get; } = new ColdWaterTariffs();
}
