using Utilities.Plugins.Sdk;

namespace Utilities.Plugins.HotWater;

/// <summary>Hot water: m³ on a single register (the heat component is priced per m³ by the tariff).</summary>
public sealed class HotWaterPlugin : IUtilityPlugin
{
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
    public IConsumptionForecaster Forecaster { get; } = new SeasonalNaiveForecaster();
}
