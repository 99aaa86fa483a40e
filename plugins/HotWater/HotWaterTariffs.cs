using Utilities.Plugins.Sdk;

namespace Utilities.Plugins.HotWater;

/// <summary>
/// Hot water, two-component (domain.md, "Tariffs"): m³ × the cold-water component plus
/// m³ × the heat norm (<see cref="ChargeRules.HotWaterHeatNorm"/>, Gcal per m³, e.g. 0.05156) ×
/// the heat component; two lines, the heat line in Gcal. By the norm (no volumes): residents × norm
/// (m³ per resident a month, row <c>per-resident</c>) × coefficient, then both components.
/// </summary>
internal sealed class HotWaterTariffs : ITariffFormula
{
    private static readonly MeasurementUnit Water = MeasurementUnit.CubicMetre;
    private static readonly MeasurementUnit Heat = MeasurementUnit.Gigacalorie;
    private static readonly LocalizedText Utility = new("Горячее водоснабжение", "Hot water");

    public IReadOnlyList<TariffShape> Shapes { get; } =
    [
        new("two-component", new LocalizedText("Двухкомпонентный", "Two-component"),
        [
            new("cold", new LocalizedText("Компонент на холодную воду", "Cold water component"), Water.Code),
            new("heat", new LocalizedText("Компонент на тепловую энергию", "Heat component"), Heat.Code),
        ]),
    ];

    public string? ChooseShape(IReadOnlyCollection<string> meteredRegisters, IReadOnlySet<string> shapesInForce)
    {
        ArgumentNullException.ThrowIfNull(shapesInForce);
        return shapesInForce.Contains("two-component") ? "two-component" : null;
    }

    /// <summary>One norm per resident; the premises' equipment is not in <see cref="PremisesFacts"/> yet.</summary>
    public string NormKey(PremisesFacts premises) => "per-resident";

    public ChargeResult Compute(ChargeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Shapes.FirstOrDefault(s => s.Code == request.Shape) is not { } shape)
            return ChargeResult.Failed(TariffPricing.UnknownShape(Utility, request.Shape));
        if (!request.Rules.TryGetValue(ChargeRules.HotWaterHeatNorm, out var heatNorm))
        {
            return ChargeResult.Failed(new LocalizedText(
                "Не задан норматив тепла на подогрев горячей воды (Гкал/м³): компонент на тепловую энергию не рассчитать.",
                "No heat norm for hot water (Gcal/m³) is set: the heat component cannot be charged."));
        }

        List<ComponentVolume> water;
        if (request.Volumes.Count == 0)
        {
            if (request.Norm is null)
                return ChargeResult.Failed(TariffPricing.MissingNorm(Utility, NormKey(request.Premises)));
            // Nobody registered: no norm-based charge (charging by the number of owners needs data Billing does not pass).
            if (request.Premises.Residents == 0)
                return new ChargeResult([]);
            water = [TariffPricing.ByResidentsNorm(request, "cold", Water)];
        }
        else
        {
            water = request.Volumes.Select(v => new ComponentVolume("cold", v.Register, v.Basis, v.Volume, Water)).ToList();
        }

        var heat = water.Select(w => new ComponentVolume("heat", w.Register, w.Basis, TariffPricing.RoundVolume(w.Volume * heatNorm), Heat)
        {
            Derivation = new LocalizedText(
                $"{w.Derivation?.Russian ?? ChargeText.Quantity(w.Volume, Water, ChargeText.Russian)} × {ChargeText.Number(heatNorm, ChargeText.Russian)} Гкал/м³",
                $"{w.Derivation?.English ?? ChargeText.Quantity(w.Volume, Water, ChargeText.English)} × {ChargeText.Number(heatNorm, ChargeText.English)} Gcal/m³"),
            Label = new LocalizedText("тепловая энергия", "heat"),
            Note = w.Note,
        });
        var cold = water.Select(w => w with { Label = new LocalizedText("холодная вода", "cold water") });
        return TariffPricing.Price(request, shape, cold.Concat(heat).ToList());
    }
}
