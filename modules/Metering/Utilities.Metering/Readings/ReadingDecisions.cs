using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Metering.Data;
using Utilities.Metering.Events;
using Utilities.Metering.Resources;
using Utilities.Platform.Auditing;
using Utilities.Platform.Identity;
using Utilities.Platform.Messaging;
using Utilities.Platform.Time;

namespace Utilities.Metering.Readings;

/// <summary>
/// An operator's or inspector's decision on a reading: confirm a pending one (it counts for billing
/// from then), or reject any one with a reason (a rejection after billing leads to a recalculation in
/// Billing, told by the event). Deciding twice the same way changes nothing.
/// </summary>
internal sealed class ReadingDecisions(MeteringDbContext db, ICurrentUser user, IAuditLog audit, IClock clock, IStringLocalizer<MeteringText> text)
{
    public const int MaxReasonLength = 500;

    public async Task<string?> ConfirmAsync(long readingId, CancellationToken cancellationToken)
    {
        var readings = await LoadAsync(readingId, cancellationToken);
        if (readings.Count == 0)
            return text["Decision_NotFound"];
        if (readings.All(r => r.Status == ReadingStatuses.Confirmed))
            return null;
        if (readings.Any(r => r.Status == ReadingStatuses.Rejected))
            return text["Decision_AlreadyRejected"];

        var meter = await db.Meters.AsNoTracking().FirstAsync(m => m.Id == readings[0].MeterId, cancellationToken);
        var who = user.Id ?? "system";
        var now = clock.Now.ToUniversalTime();
        foreach (var reading in readings)
        {
            reading.Status = ReadingStatuses.Confirmed;
            reading.DecidedBy = who;
            reading.DecidedAt = now;
            db.Publish(new ReadingConfirmed(reading.Id, meter.Id, meter.AccountId, reading.Register, reading.Period, who), now);
        }

        await CloseTasksAsync(readings, who, "confirmed", now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync("metering.reading-confirmed", $"meter {meter.Serial}", $"reading {readingId}", cancellationToken);
        return null;
    }

    public async Task<string?> RejectAsync(long readingId, string? reason, CancellationToken cancellationToken)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
            return text["Decision_ReasonRequired"];
        if (reason.Length > MaxReasonLength)
            return text["Decision_ReasonTooLong", MaxReasonLength];
        var readings = await LoadAsync(readingId, cancellationToken);
        if (readings.Count == 0)
            return text["Decision_NotFound"];
        if (readings.All(r => r.Status == ReadingStatuses.Rejected))
            return null;

        var meter = await db.Meters.AsNoTracking().FirstAsync(m => m.Id == readings[0].MeterId, cancellationToken);
        var who = user.Id ?? "system";
        var now = clock.Now.ToUniversalTime();
        foreach (var reading in readings)
        {
            var wasCounted = reading.Status == ReadingStatuses.Confirmed;
            reading.Status = ReadingStatuses.Rejected;
            reading.DecidedBy = who;
            reading.DecidedAt = now;
            reading.DecisionReason = reason;
            db.Publish(new ReadingRejected(reading.Id, meter.Id, meter.AccountId, reading.Register, reading.Period, wasCounted, reason, who), now);
        }

        await CloseTasksAsync(readings, who, "rejected: " + reason, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync("metering.reading-rejected", $"meter {meter.Serial}", $"reading {readingId}: {reason}", cancellationToken);
        return null;
    }

    /// <summary>A submission's registers are decided together: the reading asked for and its siblings (same meter, time, source).</summary>
    private async Task<List<Reading>> LoadAsync(long readingId, CancellationToken cancellationToken)
    {
        var key = await db.Readings.AsNoTracking().Where(r => r.Id == readingId)
            .Select(r => new { r.MeterId, r.TakenAt, r.Source }).FirstOrDefaultAsync(cancellationToken);
        if (key is null)
            return [];
        return await db.Readings
            .Where(r => r.MeterId == key.MeterId && r.TakenAt == key.TakenAt && r.Source == key.Source)
            .ToListAsync(cancellationToken);
    }

    private async Task CloseTasksAsync(List<Reading> readings, string who, string outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = readings.Select(r => (long?)r.Id).ToList();
        var tasks = await db.InspectionTasks.Where(t => ids.Contains(t.ReadingId) && t.ClosedAt == null).ToListAsync(cancellationToken);
        foreach (var task in tasks)
        {
            task.ClosedAt = now;
            task.ClosedBy = who;
            task.Outcome = outcome;
        }
    }
}
