namespace Utilities.Plugins.Sdk;

/// <summary>
/// A volume of one tariff component for <see cref="TariffPricing.Price"/> to price over the price
/// segments of a request (SDK 1.3.0).
/// </summary>
/// <param name="Component">The component priced: <c>T1</c>, <c>R2</c>, <c>heat</c>.</param>
/// <param name="Register">The register the volume came from, or null (norm, building meter, all registers together).</param>
/// <param name="Basis">Where the volume comes from.</param>
/// <param name="Volume">The volume of the whole charged span (6 decimals); split by days when prices change inside it.</param>
/// <param name="Unit">The unit of the volume (the unit the component's price is per).</param>
public sealed record ComponentVolume(string Component, string? Register, VolumeBasis Basis, decimal Volume, MeasurementUnit Unit)
{
    /// <summary>
    /// How the volume was obtained ("2 чел. × 60 кВт·ч × 1,5"), printed in place of the bare volume
    /// when one line carries all of it; null to print the volume.
    /// </summary>
    public LocalizedText? Derivation { get; init; }

    /// <summary>What is priced, first in the brackets ("R1, до 3 900 кВт·ч"); null: the component code where the shape has several components.</summary>
    public LocalizedText? Label { get; init; }

    /// <summary>A remark after the label ("норматив, повышающий коэффициент 1,5"); null for none.</summary>
    public LocalizedText? Note { get; init; }
}
