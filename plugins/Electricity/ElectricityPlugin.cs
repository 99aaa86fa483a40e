using Utilities.Plugins.Sdk;

namespace Utilities.Plugins.Electricity;

/// <summary>Electricity: kWh on up to three zone registers.</summary>
public sealed class ElectricityPlugin : IUtilityPlugin
{
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
    public IConsumptionForecaster Forecaster { get; } = new SeasonalNaiveForecaster();
}
