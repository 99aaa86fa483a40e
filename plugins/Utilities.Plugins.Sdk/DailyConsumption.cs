namespace Utilities.Plugins.Sdk;

/// <summary>The consumption of one day in the utility's unit (an automated meter's daily value).</summary>
/// <param name="Day">The day.</param>
/// <param name="Volume">The volume consumed that day.</param>
public readonly record struct DailyConsumption(DateOnly Day, decimal Volume);
