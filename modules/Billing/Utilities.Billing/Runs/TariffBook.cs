using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Runs;

/// <summary>
/// The tariffs in force in one period, read once per run: which shapes a supplier has for a utility,
/// and the price segments of a tariff over the days charged (a change inside the period splits it).
/// </summary>
internal sealed class TariffBook
{
    private readonly Dictionary<(string Utility, long Supplier), List<Tariff>> tariffs;
    private readonly Dictionary<(string, long), IReadOnlySet<string>> shapes = [];
    private readonly Dictionary<(long, DateOnly, DateOnly), IReadOnlyList<PriceSegment>> segments = [];

    private TariffBook(List<Tariff> inForce) =>
        tariffs = inForce.GroupBy(t => (t.Utility, t.SupplierId)).ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.ValidFrom).ToList());

    public static async Task<TariffBook> LoadAsync(BillingDbContext db, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        new(await db.Tariffs.AsNoTracking().Include(t => t.Versions)
            .Where(t => t.ValidFrom <= to && (t.ValidTo == null || t.ValidTo >= from))
            .ToListAsync(cancellationToken));

    public IReadOnlySet<string> ShapesInForce(string utility, long supplierId)
    {
        if (!shapes.TryGetValue((utility, supplierId), out var set))
        {
            set = tariffs.TryGetValue((utility, supplierId), out var list) ? list.Select(t => t.Formula).ToHashSet(StringComparer.Ordinal) : new HashSet<string>();
            shapes[(utility, supplierId)] = set;
        }

        return set;
    }

    /// <summary>The tariff of a shape and its prices over from..to; null when the supplier has none.</summary>
    public (Tariff Tariff, IReadOnlyList<PriceSegment> Segments)? Prices(string utility, long supplierId, string shape, DateOnly from, DateOnly to)
    {
        if (!tariffs.TryGetValue((utility, supplierId), out var list))
            return null;
        // Of two tariffs of a shape in one period (one ends, the next begins), the later prices the period.
        var tariff = list.FirstOrDefault(t => t.Formula == shape && t.ValidFrom <= to);
        if (tariff is null)
            return null;
        if (!segments.TryGetValue((tariff.Id, from, to), out var cut))
        {
            cut = Segment(tariff, from, to);
            segments[(tariff.Id, from, to)] = cut;
        }

        return (tariff, cut);
    }

    private static List<PriceSegment> Segment(Tariff tariff, DateOnly from, DateOnly to)
    {
        var start = tariff.ValidFrom > from ? tariff.ValidFrom : from;
        var end = tariff.ValidTo is { } validTo && validTo < to ? validTo : to;
        var breaks = tariff.Versions.Select(v => v.ValidFrom).Where(d => d > start && d <= end).Distinct().Order().ToList();
        var result = new List<PriceSegment>();
        var segmentStart = start;
        foreach (var next in breaks.Append(end.AddDays(1)))
        {
            var prices = tariff.Versions
                .Where(v => v.ValidFrom <= segmentStart)
                .GroupBy(v => v.Component)
                .ToDictionary(g => g.Key, g => g.MaxBy(v => v.ValidFrom)!.Price, StringComparer.Ordinal);
            result.Add(new PriceSegment(segmentStart, next.AddDays(-1), prices));
            segmentStart = next;
        }

        return result;
    }
}

/// <summary>The norms in force at the end of a period, by utility and the plugin's norm key.</summary>
internal sealed class NormBook(IReadOnlyDictionary<(string Utility, string Key), decimal> norms)
{
    public static async Task<NormBook> LoadAsync(BillingDbContext db, DateOnly onDate, CancellationToken cancellationToken)
    {
        var rows = await db.Norms.AsNoTracking().Where(n => n.ValidFrom <= onDate).ToListAsync(cancellationToken);
        return new NormBook(rows.GroupBy(n => (n.Utility, n.NormKey)).ToDictionary(g => g.Key, g => g.MaxBy(n => n.ValidFrom)!.Value));
    }

    public decimal? Find(string utility, string key) => norms.TryGetValue((utility, key), out var value) ? value : null;
}
