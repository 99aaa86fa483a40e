using Utilities.Plugins.Sdk;

namespace Utilities.Plugins.Heating;

/// <summary>Heating: Gcal on a single register of a heat meter (flats rarely have one; building meters do).</summary>
public sealed class HeatingPlugin : IUtilityPlugin
{
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
    public IConsumptionForecaster Forecaster { get; } = new SeasonalNaiveForecaster();
}
