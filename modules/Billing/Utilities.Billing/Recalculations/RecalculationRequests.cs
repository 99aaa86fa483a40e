using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;
using Utilities.Metering.Events;
using Utilities.Platform.Messaging;
using Utilities.Platform.Time;

namespace Utilities.Billing.Recalculations;

/// <summary>
/// Facts from Metering that change a period already billed become recalculation requests; the
/// next run posts reversal + new lines for them (closed periods are never edited). A period not
/// billed yet needs nothing: its run will see the new data.
/// </summary>
internal static class RecalculationRequests
{
    public static async Task AddAsync(
        BillingDbContext db, IClock clock, long? accountId, DateOnly fromPeriod, string code, string reason, string source, CancellationToken cancellationToken, DateOnly? until = null)
    {
        if (accountId is not { } account)
            return;
        fromPeriod = new DateOnly(fromPeriod.Year, fromPeriod.Month, 1);
        var last = until ?? DateOnly.MaxValue;
        var billed = await db.Runs.Where(r => r.State == RunStates.Completed && r.Period >= fromPeriod && r.Period <= last).Select(r => r.Period).Distinct().ToListAsync(cancellationToken);
        foreach (var period in billed.Order())
        {
            var key = $"{source}:{period:yyyy-MM}";
            if (await db.Recalculations.AnyAsync(r => r.Source == key, cancellationToken))
                continue;
            db.Recalculations.Add(new Recalculation
            {
                AccountId = account,
                ForPeriod = period,
                ReasonCode = code,
                Reason = reason,
                Source = key,
                RequestedAt = clock.Now,
            });
        }
    }
}

internal sealed class ReadingConfirmedHandler(BillingDbContext db, IClock clock) : IdempotentEventHandler<ReadingConfirmed, BillingDbContext>(db)
{
    protected override Task ApplyAsync(ReadingConfirmed @event, IntegrationEvent<ReadingConfirmed> message, CancellationToken cancellationToken) =>
        RecalculationRequests.AddAsync(Db, clock, @event.AccountId, @event.Period, "reading-confirmed",
            "Подтверждено показание счётчика, отличное от начисленного", $"reading-confirmed:{@event.ReadingId}", cancellationToken);
}

internal sealed class ReadingRejectedHandler(BillingDbContext db, IClock clock) : IdempotentEventHandler<ReadingRejected, BillingDbContext>(db)
{
    protected override Task ApplyAsync(ReadingRejected @event, IntegrationEvent<ReadingRejected> message, CancellationToken cancellationToken) =>
        @event.WasCounted
            ? RecalculationRequests.AddAsync(Db, clock, @event.AccountId, @event.Period, "reading-rejected",
                $"Показание отклонено: {@event.Reason}", $"reading-rejected:{@event.ReadingId}", cancellationToken)
            : Task.CompletedTask;
}

internal sealed class MeterFaultyHandler(BillingDbContext db, IClock clock) : IdempotentEventHandler<MeterBecameFaulty, BillingDbContext>(db)
{
    protected override Task ApplyAsync(MeterBecameFaulty @event, IntegrationEvent<MeterBecameFaulty> message, CancellationToken cancellationToken) =>
        RecalculationRequests.AddAsync(Db, clock, @event.AccountId, @event.FaultySince, "meter-faulty",
            $"Счётчик {@event.Serial} неисправен с {@event.FaultySince:dd.MM.yyyy} (истёк срок поверки)", $"meter-faulty:{@event.MeterId}", cancellationToken);
}
