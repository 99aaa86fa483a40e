using Microsoft.EntityFrameworkCore;
using Utilities.Metering.Data;
using Utilities.Metering.Readings;

namespace Utilities.Metering.Office;

internal sealed record MeterLink(long Id, string Serial);

internal sealed record HistoryRow(Reading Reading, IReadOnlyList<StoredFinding> Findings);

internal sealed record MeterCard(
    Meter Meter,
    string? AccountNumber,
    string? Address,
    MeterLink? Replaces,
    MeterLink? ReplacedBy,
    IReadOnlyList<HistoryRow> History,
    int HistoryTotal);

/// <summary>A meter with where it is, its replacement chain and its readings (newest first).</summary>
internal sealed class MeterCards(MeteringDbContext db, MeterList list)
{
    public const int HistoryRows = 200;

    public async Task<MeterCard?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var meter = await db.Meters.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (meter is null)
            return null;
        var places = await list.PlacesAsync([meter], cancellationToken);
        places.TryGetValue(meter.Id, out var place);
        var replaces = meter.ReplacesMeterId is { } oldId
            ? await db.Meters.AsNoTracking().Where(m => m.Id == oldId).Select(m => new MeterLink(m.Id, m.Serial)).FirstOrDefaultAsync(cancellationToken)
            : null;
        var replacedBy = await db.Meters.AsNoTracking().Where(m => m.ReplacesMeterId == id).Select(m => new MeterLink(m.Id, m.Serial)).FirstOrDefaultAsync(cancellationToken);
        var readings = db.Readings.AsNoTracking().Where(r => r.MeterId == id);
        var total = await readings.CountAsync(cancellationToken);
        var history = await readings.OrderByDescending(r => r.TakenAt).ThenBy(r => r.Source).ThenBy(r => r.Register)
            .Take(HistoryRows).ToListAsync(cancellationToken);
        return new MeterCard(meter, place.Number, place.Address, replaces, replacedBy,
            history.Select(r => new HistoryRow(r, StoredFinding.Parse(r.Findings))).ToList(), total);
    }
}
