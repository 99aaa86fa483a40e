using Utilities.Plugins.Sdk;

namespace Utilities.Plugins.Electricity;

/// <summary>
/// Electricity tariffs (domain.md, "Tariffs"): single-rate, two-zone, three-zone, and the 2025
/// volume ranges for households (range 1 up to 3,900 kWh a month, range 2 up to 6,000, range 3 above).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A zone meter priced on a single or ranges tariff sums its registers; a zone tariff prices
/// each register at its own component (T1 at T1...).</item>
/// <item>Range limits are per month (<see cref="ChargeRules.ElectricityRange1Limit"/>,
/// <see cref="ChargeRules.ElectricityRange2Limit"/>) and scale with <see cref="RegisterVolume.Months"/>;
/// the volume is put into ranges first, then each range is split by days between price segments.</item>
/// <item>By the norm (no volumes): residents × norm × coefficient, priced at T on single, through the
/// ranges on ranges, and at T1 on the zone tariffs (a norm has no zones: the first zone's price).</item>
/// </list>
/// </remarks>
internal sealed class ElectricityTariffs : ITariffFormula
{
    private const decimal DefaultRange1Limit = 3_900m;
    private const decimal DefaultRange2Limit = 6_000m;

    private static readonly MeasurementUnit Unit = MeasurementUnit.KilowattHour;
    private static readonly LocalizedText Utility = new("Электроснабжение", "Electricity");

    public IReadOnlyList<TariffShape> Shapes { get; } =
    [
        new("single", new LocalizedText("Одноставочный", "Single-rate"), [Component("T", "Круглосуточно", "All day")]),
        new("two-zone", new LocalizedText("Двухзонный (день, ночь)", "Two-zone (day, night)"),
            [Component("T1", "День", "Day"), Component("T2", "Ночь", "Night")]),
        new("three-zone", new LocalizedText("Трёхзонный (пик, ночь, полупик)", "Three-zone (peak, night, semi-peak)"),
            [Component("T1", "Пик", "Peak"), Component("T2", "Ночь", "Night"), Component("T3", "Полупик", "Semi-peak")]),
        new("ranges", new LocalizedText("По диапазонам объёма", "Volume ranges"),
            [Component("R1", "Первый диапазон", "Range 1"), Component("R2", "Второй диапазон", "Range 2"), Component("R3", "Третий диапазон", "Range 3")]),
    ];

    public string? ChooseShape(IReadOnlyCollection<string> meteredRegisters, IReadOnlySet<string> shapesInForce)
    {
        ArgumentNullException.ThrowIfNull(meteredRegisters);
        ArgumentNullException.ThrowIfNull(shapesInForce);
        var registers = meteredRegisters.ToHashSet(StringComparer.Ordinal);
        if (registers.SetEquals(["T1", "T2", "T3"]) && shapesInForce.Contains("three-zone"))
            return "three-zone";
        if (registers.SetEquals(["T1", "T2"]) && shapesInForce.Contains("two-zone"))
            return "two-zone";
        if (shapesInForce.Contains("ranges"))
            return "ranges";
        return shapesInForce.Contains("single") ? "single" : null;
    }

    /// <summary>
    /// <c>rooms={1..4};residents={0..5};stove={gas|electric}</c>: norm tables stop at 4 rooms and 5
    /// residents (more take the last row); a studio (0 rooms) reads the 1-room row.
    /// </summary>
    public string NormKey(PremisesFacts premises)
    {
        ArgumentNullException.ThrowIfNull(premises);
        return $"rooms={Math.Clamp(premises.Rooms, 1, 4)};residents={Math.Clamp(premises.Residents, 0, 5)};stove={premises.Stove}";
    }

    public ChargeResult Compute(ChargeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Shapes.FirstOrDefault(s => s.Code == request.Shape) is not { } shape)
            return ChargeResult.Failed(TariffPricing.UnknownShape(Utility, request.Shape));

        ComponentVolume total;
        if (request.Volumes.Count == 0)
        {
            if (request.Norm is null)
                return ChargeResult.Failed(TariffPricing.MissingNorm(Utility, NormKey(request.Premises)));
            // Nobody registered: no norm-based charge (charging by the number of owners needs data Billing does not pass).
            if (request.Premises.Residents == 0)
                return new ChargeResult([]);
            var component = shape.Code switch { "single" => "T", "ranges" => "R1", _ => "T1" };
            total = TariffPricing.ByResidentsNorm(request, component, Unit);
            if (shape.Code != "ranges")
                return TariffPricing.Price(request, shape, [total]);
            return TariffPricing.Price(request, shape, Ranges(request, total, months: 1));
        }

        if (shape.Code is "two-zone" or "three-zone")
        {
            if (request.Volumes.FirstOrDefault(v => shape.Components.All(c => c.Code != v.Register)) is { } stray)
            {
                return ChargeResult.Failed(new LocalizedText(
                    $"Регистр {stray.Register} не тарифицируется по тарифу «{shape.Name.Russian}».",
                    $"Register {stray.Register} has no component in the \"{shape.Name.English}\" tariff."));
            }

            return TariffPricing.Price(request, shape, request.Volumes.Select(v => new ComponentVolume(v.Register, v.Register, v.Basis, v.Volume, Unit)));
        }

        total = Summed(request.Volumes, shape.Code == "single" ? "T" : "R1");
        var months = request.Volumes.Max(v => Math.Max(v.Months, 1));
        return shape.Code == "single"
            ? TariffPricing.Price(request, shape, [total])
            : TariffPricing.Price(request, shape, Ranges(request, total, months));
    }

    /// <summary>
    /// All registers as one volume. The basis of mixed registers is the least direct of theirs
    /// (measured, then average, then norm): the bill must not call an estimate a reading.
    /// </summary>
    private static ComponentVolume Summed(IReadOnlyList<RegisterVolume> volumes, string component)
    {
        var registers = volumes.Select(v => v.Register).Distinct().ToList();
        var summed = new ComponentVolume(
            component, registers.Count == 1 ? registers[0] : null, volumes.Max(v => v.Basis), volumes.Sum(v => v.Volume), Unit);
        return registers.Count == 1
            ? summed
            : summed with
            {
                Derivation = new LocalizedText(
                    $"({string.Join(" + ", volumes.Select(v => ChargeText.Number(v.Volume, ChargeText.Russian)))}) {Unit.Symbol.Russian}",
                    $"({string.Join(" + ", volumes.Select(v => ChargeText.Number(v.Volume, ChargeText.English)))}) {Unit.Symbol.English}"),
                Note = new LocalizedText(string.Join(" + ", registers), string.Join(" + ", registers)),
            };
    }

    /// <summary>The volume into ranges 1–3 by the monthly limits × months; at least the range 1 line.</summary>
    private static List<ComponentVolume> Ranges(ChargeRequest request, ComponentVolume total, int months)
    {
        var limit1 = request.Rules.GetValueOrDefault(ChargeRules.ElectricityRange1Limit, DefaultRange1Limit) * months;
        var limit2 = request.Rules.GetValueOrDefault(ChargeRules.ElectricityRange2Limit, DefaultRange2Limit) * months;
        var volume = total.Volume;
        var r1 = Math.Min(volume, limit1);
        var r2 = Math.Clamp(volume - limit1, 0m, limit2 - limit1);
        var r3 = Math.Max(volume - limit2, 0m);
        string Ru(decimal v) => ChargeText.Quantity(v, Unit, ChargeText.Russian);
        string En(decimal v) => ChargeText.Quantity(v, Unit, ChargeText.English);
        var ranges = new List<ComponentVolume>
        {
            total with { Component = "R1", Volume = r1, Label = new($"R1, до {Ru(limit1)}", $"R1, up to {En(limit1)}") },
        };
        if (r2 != 0)
            ranges.Add(total with { Component = "R2", Volume = r2, Label = new($"R2, {Ru(limit1)}–{Ru(limit2)}", $"R2, {En(limit1)}–{En(limit2)}") });
        if (r3 != 0)
            ranges.Add(total with { Component = "R3", Volume = r3, Label = new($"R3, свыше {Ru(limit2)}", $"R3, over {En(limit2)}") });
        if (ranges.Count > 1)
        {
            // The derivation is of the whole volume: each range line prints its own part instead.
            for (var i = 0; i < ranges.Count; i++)
                ranges[i] = ranges[i] with { Derivation = null };
        }

        return ranges;
    }

    private static TariffComponent Component(string code, string russian, string english) => new(code, new LocalizedText(russian, english), Unit.Code);
}
