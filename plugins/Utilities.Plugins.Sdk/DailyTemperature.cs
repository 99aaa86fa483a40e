namespace Utilities.Plugins.Sdk;

/// <summary>The mean outdoor temperature of one day at the building's weather site.</summary>
/// <param name="Day">The day.</param>
/// <param name="MeanCelsius">The daily mean, °C.</param>
public readonly record struct DailyTemperature(DateOnly Day, double MeanCelsius);
