using Utilities.Plugins.Sdk;

namespace Utilities.Plugins.ColdWater;

/// <summary>Cold water: m³ on a single register.</summary>
public sealed class ColdWaterPlugin : IUtilityPlugin
{
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
    public IConsumptionForecaster Forecaster { get; } = new SeasonalNaiveForecaster();
}
