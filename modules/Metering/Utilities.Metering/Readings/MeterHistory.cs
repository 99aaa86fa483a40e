using Microsoft.EntityFrameworkCore;
using Utilities.Metering.Data;
using Utilities.Plugins.Sdk;

namespace Utilities.Metering.Readings;

/// <summary>What a plugin needs to judge a new reading of one meter: the latest reading and the monthly history per register.</summary>
internal sealed class MeterHistory(MeteringDbContext db)
{
    public const int HistoryMonths = 24;

    public async Task<IReadOnlyDictionary<string, (PreviousReading? Latest, IReadOnlyList<MonthlyConsumption> Monthly)>> LoadAsync(
        Meter meter, DateTime before, CancellationToken cancellationToken)
    {
        var since = before.AddMonths(-HistoryMonths - 1);
        var readings = await db.Readings.AsNoTracking()
            .Where(r => r.MeterId == meter.Id && r.Status != ReadingStatuses.Rejected && r.TakenAt >= since)
            .OrderBy(r => r.TakenAt)
            .Select(r => new { r.Register, r.TakenAt, r.Value, r.Period, r.Status })
            .ToListAsync(cancellationToken);
        var latest = await db.Readings.AsNoTracking()
            .Where(r => r.MeterId == meter.Id && r.Status != ReadingStatuses.Rejected)
            .GroupBy(r => r.Register)
            .Select(g => g.OrderByDescending(r => r.TakenAt).Select(r => new { r.Register, r.TakenAt, r.Value }).First())
            .ToListAsync(cancellationToken);

        var result = new Dictionary<string, (PreviousReading?, IReadOnlyList<MonthlyConsumption>)>(StringComparer.Ordinal);
        foreach (var register in meter.Registers)
        {
            var last = latest.FirstOrDefault(l => l.Register == register);
            var closings = readings
                .Where(r => r.Register == register && r.Status == ReadingStatuses.Confirmed)
                .GroupBy(r => r.Period)
                .OrderBy(g => g.Key)
                .Select(g => (Period: g.Key, Value: g.MaxBy(r => r.TakenAt)!.Value))
                .ToList();
            var monthly = new List<MonthlyConsumption>();
            for (var i = 1; i < closings.Count; i++)
            {
                var volume = MeterArithmetic.Consumption(closings[i - 1].Value, closings[i].Value, meter.DigitCapacity);
                var months = ((closings[i].Period.Year - closings[i - 1].Period.Year) * 12) + closings[i].Period.Month - closings[i - 1].Period.Month;
                if (volume is { } v && months == 1)
                    monthly.Add(new MonthlyConsumption(closings[i].Period, v));
            }

            result[register] = (last is null ? null : new PreviousReading(last.TakenAt, last.Value), monthly);
        }

        return result;
    }
}

/// <summary>The counter's arithmetic, shared by pages and queries.</summary>
internal static class MeterArithmetic
{
    /// <summary>closing − opening; when the counter rolled over (closing below opening), + 10^digits; null if it cannot have.</summary>
    public static decimal? Consumption(decimal opening, decimal closing, int digitCapacity)
    {
        if (closing >= opening)
            return closing - opening;
        return digitCapacity is > 0 and <= 18 ? closing + Capacity(digitCapacity) - opening : null;
    }

    public static decimal Capacity(int digits) => (decimal)Math.Pow(10, digits);
}
