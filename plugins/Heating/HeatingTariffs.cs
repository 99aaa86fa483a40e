using Utilities.Plugins.Sdk;

namespace Utilities.Plugins.Heating;

/// <summary>
/// Heating (domain.md, "Tariffs"), shape <c>heat</c> [heat], a price per Gcal:
/// <list type="bullet">
/// <item>a flat heat meter's volumes are priced as they are;</item>
/// <item>formula 3, with a building meter (<see cref="ChargeRequest.BuildingVolume"/>): building Gcal ×
/// premises area / building area, charged from the meter's actual volume in any month (a summer
/// month of zero Gcal gives a zero line);</item>
/// <item>formula 2, without one: area × norm (Gcal per m² a month, row <c>per-m2</c>), in the heating
/// season only (<see cref="ChargeRules.HeatingSeasonStart"/>..<see cref="ChargeRules.HeatingSeasonEnd"/>,
/// October to April by default, wrapping the year; outside it no lines and no problem), or, with
/// <see cref="ChargeRules.HeatingEvenly"/> = 1, every month at norm × season months / 12.</item>
/// </list>
/// Formulas 2 and 3 take days / days of the month for part of a month; the raising coefficient of
/// the request, when not 1, multiplies formula 2's norm.
/// </summary>
internal sealed class HeatingTariffs : ITariffFormula
{
    private const int DefaultSeasonStart = 10;
    private const int DefaultSeasonEnd = 4;

    private static readonly MeasurementUnit Unit = MeasurementUnit.Gigacalorie;
    private static readonly LocalizedText Utility = new("Отопление", "Heating");

    public IReadOnlyList<TariffShape> Shapes { get; } =
        [new("heat", new LocalizedText("За Гкал", "Per Gcal"), [new("heat", new LocalizedText("Тепловая энергия", "Heat"), Unit.Code)])];

    public string? ChooseShape(IReadOnlyCollection<string> meteredRegisters, IReadOnlySet<string> shapesInForce)
    {
        ArgumentNullException.ThrowIfNull(shapesInForce);
        return shapesInForce.Contains("heat") ? "heat" : null;
    }

    /// <summary>The heating norm is per m² of the premises.</summary>
    public string NormKey(PremisesFacts premises) => "per-m2";

    public ChargeResult Compute(ChargeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Shapes.FirstOrDefault(s => s.Code == request.Shape) is not { } shape)
            return ChargeResult.Failed(TariffPricing.UnknownShape(Utility, request.Shape));
        if (request.Volumes.Count > 0)
            return TariffPricing.Price(request, shape, request.Volumes.Select(v => new ComponentVolume("heat", v.Register, v.Basis, v.Volume, Unit)));
        return request.BuildingVolume is { } building ? ByBuildingMeter(request, shape, building) : ByNorm(request, shape);
    }

    /// <summary>Formula 3: the premises' share by area of the building meter's Gcal.</summary>
    private static ChargeResult ByBuildingMeter(ChargeRequest request, TariffShape shape, decimal building)
    {
        var premises = request.Premises;
        if (premises.BuildingArea <= 0)
        {
            return ChargeResult.Failed(new LocalizedText(
                "Не известна общая площадь помещений дома: долю по общедомовому счётчику (формула 3) не рассчитать.",
                "The building's total area is unknown: the share of the building meter (formula 3) cannot be charged."));
        }

        var volume = TariffPricing.RoundVolume(building * premises.Area / premises.BuildingArea * TariffPricing.DayShare(request));
        string Derivation(System.Globalization.CultureInfo c, string ofBuilding, string squareMetres) =>
            $"{ChargeText.Quantity(building, Unit, c)} {ofBuilding} × {ChargeText.Number(premises.Area, c)} {squareMetres} / "
            + $"{ChargeText.Number(premises.BuildingArea, c)} {squareMetres}{DaysFactor(request, c)}";
        return TariffPricing.Price(request, shape,
        [
            new ComponentVolume("heat", null, VolumeBasis.BuildingMeter, volume, Unit)
            {
                Derivation = new LocalizedText(Derivation(ChargeText.Russian, "дома", "м²"), Derivation(ChargeText.English, "of the building", "m²")),
                Note = new LocalizedText("общедомовой счётчик, формула 3", "building meter, formula 3"),
            },
        ]);
    }

    /// <summary>Formula 2: area × norm, in the season or spread evenly over the year.</summary>
    private static ChargeResult ByNorm(ChargeRequest request, TariffShape shape)
    {
        var start = (int)request.Rules.GetValueOrDefault(ChargeRules.HeatingSeasonStart, DefaultSeasonStart);
        var end = (int)request.Rules.GetValueOrDefault(ChargeRules.HeatingSeasonEnd, DefaultSeasonEnd);
        var evenly = request.Rules.GetValueOrDefault(ChargeRules.HeatingEvenly, 0m) == 1m;
        var month = request.Period.Month;
        var inSeason = start <= end ? month >= start && month <= end : month >= start || month <= end;
        if (!evenly && !inSeason)
            return new ChargeResult([]);
        if (request.Norm is not { } norm)
            return ChargeResult.Failed(TariffPricing.MissingNorm(Utility, "per-m2"));

        var seasonMonths = start <= end ? end - start + 1 : 12 - start + 1 + end;
        var area = request.Premises.Area;
        var volume = area * norm * request.NormCoefficient * TariffPricing.DayShare(request);
        if (evenly)
            volume = volume * seasonMonths / 12;
        string Derivation(System.Globalization.CultureInfo c, string squareMetres, string perSquareMetre) =>
            $"{ChargeText.Number(area, c)} {squareMetres} × {ChargeText.Number(norm, c)} {perSquareMetre}"
            + (request.NormCoefficient == 1m ? "" : $" × {ChargeText.Number(request.NormCoefficient, c)}")
            + (evenly ? $" × {seasonMonths}/12" : "")
            + DaysFactor(request, c);
        var normNote = TariffPricing.NormNote(request);
        return TariffPricing.Price(request, shape,
        [
            new ComponentVolume("heat", null, VolumeBasis.Norm, TariffPricing.RoundVolume(volume), Unit)
            {
                Derivation = new LocalizedText(Derivation(ChargeText.Russian, "м²", "Гкал/м²"), Derivation(ChargeText.English, "m²", "Gcal/m²")),
                Note = new LocalizedText(
                    $"{normNote.Russian}, формула 2" + (evenly ? $", равномерно: {seasonMonths} мес. отопления из 12" : ""),
                    $"{normNote.English}, formula 2" + (evenly ? $", evenly: {seasonMonths} heating months of 12" : "")),
            },
        ]);
    }

    private static string DaysFactor(ChargeRequest request, System.Globalization.CultureInfo culture) =>
        TariffPricing.IsPartOfMonth(request)
            ? $" × {TariffPricing.ChargedDays(request)}/{request.PeriodDays} {(culture == ChargeText.English ? "days" : "дн.")}"
            : "";
}
