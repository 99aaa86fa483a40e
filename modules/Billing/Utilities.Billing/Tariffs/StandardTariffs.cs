using Utilities.Billing.Data;

namespace Utilities.Billing.Tariffs;

/// <summary>
/// The tariffs and norms of the demonstration region (demo data and the scale data set): the 2026
/// changes on 1 January and 1 October (domain.md); prices and norms are illustrative, of the
/// right order for a Russian region. Shapes and components are the plugins' (ADR 5, SDK 1.3.0).
/// </summary>
internal static class StandardTariffs
{
    public static readonly DateOnly January = new(2026, 1, 1);
    public static readonly DateOnly October = new(2026, 10, 1);

    private static readonly (string Utility, string Formula, string Name, (string Component, string Unit, decimal January, decimal October)[] Prices)[] Catalogue =
    [
        ("electricity", "single", "Население, одноставочный", [("T", "кВт·ч", 5.92m, 6.12m)]),
        ("electricity", "two-zone", "Население, по зонам суток (день 07–23, ночь 23–07)", [("T1", "кВт·ч", 6.21m, 6.43m), ("T2", "кВт·ч", 3.02m, 3.18m)]),
        ("electricity", "three-zone", "Население, по трём зонам суток (пик, ночь, полупик)", [("T1", "кВт·ч", 6.98m, 7.22m), ("T2", "кВт·ч", 3.02m, 3.18m), ("T3", "кВт·ч", 5.92m, 6.12m)]),
        ("cold-water", "volume", "Холодная вода", [("T", "м³", 48.73m, 52.10m)]),
        ("hot-water", "two-component", "Горячая вода, двухкомпонентный", [("cold", "м³", 48.73m, 52.10m), ("heat", "Гкал", 2875.40m, 3011.25m)]),
        ("heating", "heat", "Тепловая энергия", [("heat", "Гкал", 2875.40m, 3011.25m)]),
    ];

    /// <summary>The region's tariffs for each supplier of each utility.</summary>
    public static IEnumerable<Tariff> For(IReadOnlyDictionary<string, IReadOnlyCollection<long>> suppliersByUtility)
    {
        foreach (var (utility, formula, name, prices) in Catalogue)
        {
            if (!suppliersByUtility.TryGetValue(utility, out var suppliers))
                continue;
            foreach (var supplier in suppliers)
            {
                var tariff = new Tariff { Utility = utility, SupplierId = supplier, Name = name, Formula = formula, ValidFrom = January };
                foreach (var (component, unit, jan, oct) in prices)
                {
                    tariff.Versions.Add(new TariffVersion { ValidFrom = January, Component = component, Unit = unit, Price = jan });
                    tariff.Versions.Add(new TariffVersion { ValidFrom = October, Component = component, Unit = unit, Price = oct });
                }

                yield return tariff;
            }
        }
    }

    /// <summary>
    /// Norms from 1 January 2026: electricity kWh per resident a month by rooms (1–4+), residents
    /// (1–5+) and stove (an electric stove adds about a third); water m³ per resident; heating Gcal per m².
    /// </summary>
    public static IEnumerable<Norm> Norms()
    {
        decimal[,] gas =
        {
            { 110m, 68m, 53m, 43m, 38m },
            { 129m, 80m, 62m, 50m, 44m },
            { 141m, 87m, 68m, 55m, 48m },
            { 148m, 92m, 71m, 58m, 50m },
        };
        foreach (var stove in new[] { "gas", "electric" })
        {
            for (var rooms = 1; rooms <= 4; rooms++)
            {
                for (var residents = 1; residents <= 5; residents++)
                {
                    var value = gas[rooms - 1, residents - 1] * (stove == "electric" ? 1.35m : 1m);
                    yield return new Norm
                    {
                        Utility = "electricity",
                        NormKey = $"rooms={rooms};residents={residents};stove={stove}",
                        ValidFrom = January,
                        Value = Math.Round(value, 2, MidpointRounding.AwayFromZero),
                        Unit = "кВт·ч",
                    };
                }
            }
        }

        yield return new Norm { Utility = "cold-water", NormKey = "per-resident", ValidFrom = January, Value = 4.745m, Unit = "м³" };
        yield return new Norm { Utility = "hot-water", NormKey = "per-resident", ValidFrom = January, Value = 3.602m, Unit = "м³" };
        yield return new Norm { Utility = "heating", NormKey = "per-m2", ValidFrom = January, Value = 0.0208m, Unit = "Гкал" };
    }
}
