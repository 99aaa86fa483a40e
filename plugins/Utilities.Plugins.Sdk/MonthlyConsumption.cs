namespace Utilities.Plugins.Sdk;

/// <summary>The consumption of one billing period (a calendar month) in the utility's unit.</summary>
/// <param name="Month">The first day of the month.</param>
/// <param name="Volume">The volume consumed in that month.</param>
public readonly record struct MonthlyConsumption(DateOnly Month, decimal Volume);
