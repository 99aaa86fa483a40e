using Microsoft.EntityFrameworkCore;
using Utilities.Metering.Data;
using Utilities.Metering.Readings;
using Utilities.Platform.Time;

namespace Utilities.Metering.Office;

/// <summary>One register of a pending submission with the value before it and the consumption it implies.</summary>
internal sealed record QueueRegister(long ReadingId, string Register, decimal Value, decimal? Previous, decimal? Consumption, IReadOnlyList<StoredFinding> Findings);

/// <summary>A consumer's pending submission (all registers of one meter at one time), decided as a whole.</summary>
internal sealed record QueueItem(
    long ReadingId, Meter Meter, string? AccountNumber, string? Address, DateTime TakenAt, DateTimeOffset SubmittedAt, string? SubmittedBy,
    DateOnly? ConfirmBy, IReadOnlyList<QueueRegister> Registers, bool Nearing, bool Overdue);

internal sealed record Queue(DateOnly Today, IReadOnlyList<QueueItem> Items, int Total);

/// <summary>
/// The operator's queue of consumers' readings waiting for a decision, the most urgent first (by the
/// confirmation term): "nearing" within <see cref="NearingDays"/> days of the term, "overdue" after it.
/// </summary>
internal sealed class PendingQueue(MeteringDbContext db, MeterList list, IClock clock)
{
    public const int NearingDays = 5;
    public const int MaxItems = 200;

    public async Task<Queue> LoadAsync(CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(cancellationToken);
        var pending = db.Readings.AsNoTracking().Where(r => r.Status == ReadingStatuses.Pending);
        var total = await pending.Select(r => new { r.MeterId, r.TakenAt, r.Source }).Distinct().CountAsync(cancellationToken);
        var rows = await (from r in pending
                          join m in db.Meters.AsNoTracking() on r.MeterId equals m.Id
                          orderby r.ConfirmBy, r.SubmittedAt, r.MeterId, r.Register
                          select new
                          {
                              Reading = r,
                              Meter = m,
                              Previous = db.Readings
                                  .Where(p => p.MeterId == r.MeterId && p.Register == r.Register && p.Status == ReadingStatuses.Confirmed && p.TakenAt < r.TakenAt)
                                  .OrderByDescending(p => p.TakenAt)
                                  .Select(p => (decimal?)p.Value)
                                  .FirstOrDefault(),
                          })
            .Take(MaxItems * 3)
            .ToListAsync(cancellationToken);

        var groups = rows.GroupBy(x => (x.Reading.MeterId, x.Reading.TakenAt, x.Reading.Source)).Take(MaxItems).ToList();
        var places = await list.PlacesAsync(groups.Select(g => g.First().Meter).DistinctBy(m => m.Id).ToList(), cancellationToken);
        var items = groups.Select(g =>
        {
            var first = g.First();
            var meter = first.Meter;
            places.TryGetValue(meter.Id, out var place);
            var registers = g.OrderBy(x => Array.IndexOf(meter.Registers, x.Reading.Register)).Select(x => new QueueRegister(
                x.Reading.Id, x.Reading.Register, x.Reading.Value, x.Previous,
                x.Previous is { } previous ? MeterArithmetic.Consumption(previous, x.Reading.Value, meter.DigitCapacity) : null,
                StoredFinding.Parse(x.Reading.Findings))).ToList();
            var term = first.Reading.ConfirmBy;
            return new QueueItem(first.Reading.Id, meter, place.Number, place.Address, first.Reading.TakenAt, first.Reading.SubmittedAt, first.Reading.SubmittedBy,
                term, registers, term is { } t && t >= today && t.DayNumber - today.DayNumber <= NearingDays, term is { } o && o < today);
        }).ToList();
        return new Queue(today, items, total);
    }
}
