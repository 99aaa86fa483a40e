using Utilities.Plugins.Sdk;

namespace Utilities.Plugins.ColdWater;

/// <summary>
/// Cold water: one price per m³ (domain.md, "Tariffs"), shape <c>volume</c> [T]. By the norm (no
/// volumes): residents × norm (m³ per resident a month, row <c>per-resident</c>) × coefficient.
/// </summary>
internal sealed class ColdWaterTariffs : ITariffFormula
{
    private static readonly MeasurementUnit Unit = MeasurementUnit.CubicMetre;
    private static readonly LocalizedText Utility = new("Холодное водоснабжение", "Cold water");

    public IReadOnlyList<TariffShape> Shapes { get; } =
        [new("volume", new LocalizedText("За м³", "Per m³"), [new("T", new LocalizedText("Холодная вода", "Cold water"), Unit.Code)])];

    public string? ChooseShape(IReadOnlyCollection<string> meteredRegisters, IReadOnlySet<string> shapesInForce)
    {
        ArgumentNullException.ThrowIfNull(shapesInForce);
        return shapesInForce.Contains("volume") ? "volume" : null;
    }

    /// <summary>One norm per resident; the premises' equipment is not in <see cref="PremisesFacts"/> yet.</summary>
    public string NormKey(PremisesFacts premises) => "per-resident";

    public ChargeResult Compute(ChargeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Shapes.FirstOrDefault(s => s.Code == request.Shape) is not { } shape)
            return ChargeResult.Failed(TariffPricing.UnknownShape(Utility, request.Shape));
        if (request.Volumes.Count == 0)
        {
            if (request.Norm is null)
                return ChargeResult.Failed(TariffPricing.MissingNorm(Utility, NormKey(request.Premises)));
            // Nobody registered: no norm-based charge (charging by the number of owners needs data Billing does not pass).
            return request.Premises.Residents == 0
                ? new ChargeResult([])
                : TariffPricing.Price(request, shape, [TariffPricing.ByResidentsNorm(request, "T", Unit)]);
        }

        return TariffPricing.Price(request, shape, request.Volumes.Select(v => new ComponentVolume("T", v.Register, v.Basis, v.Volume, Unit)));
    }
}
