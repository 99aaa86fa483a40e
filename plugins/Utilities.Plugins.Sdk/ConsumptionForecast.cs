namespace Utilities.Plugins.Sdk;

/// <summary>
/// The forecast of one period (a calendar month or a day): the expected volume and the interval the
/// actual volume falls in with a probability of <see cref="Level"/>. Since SDK 1.4.0.
/// </summary>
/// <param name="From">The first day of the period.</param>
/// <param name="To">The last day of the period.</param>
/// <param name="Volume">The expected volume.</param>
/// <param name="Lower">The lower end of the interval (never negative).</param>
/// <param name="Upper">The upper end of the interval.</param>
public sealed record ConsumptionForecast(DateOnly From, DateOnly To, decimal Volume, decimal Lower, decimal Upper)
{
    /// <summary>The probability the interval is meant to hold: 80 %.</summary>
    public const double Level = 0.8;

    /// <summary>Whether <paramref name="actual"/> lies inside the interval.</summary>
    public bool Contains(decimal actual) => actual >= Lower && actual <= Upper;
}
