namespace Utilities.Plugins.Sdk;

/// <summary>The unit a utility type is metered and charged in.</summary>
/// <param name="Code">A stable code for data and APIs: <c>kWh</c>, <c>m3</c>, <c>Gcal</c>.</param>
/// <param name="Symbol">How people read it: "кВт·ч" / "kWh".</param>
public sealed record MeasurementUnit(string Code, LocalizedText Symbol)
{
    /// <summary>Kilowatt-hours, for electricity.</summary>
    public static MeasurementUnit KilowattHour { get; } = new("kWh", new LocalizedText("кВт·ч", "kWh"));

    /// <summary>Cubic metres, for cold and hot water.</summary>
    public static MeasurementUnit CubicMetre { get; } = new("m3", new LocalizedText("м³", "m³"));

    /// <summary>Gigacalories, for heat energy.</summary>
    public static MeasurementUnit Gigacalorie { get; } = new("Gcal", new LocalizedText("Гкал", "Gcal"));
}
