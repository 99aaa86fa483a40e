using Utilities.Contracts;
using Utilities.Metering.Events;
using Utilities.Notifications.Data;
using Utilities.Notifications.Delivery;
using Utilities.Platform.Messaging;

namespace Utilities.Notifications.Informing;

/// <summary>A pending reading confirmed by a person: the holder is told it counts.</summary>
internal sealed class ReadingConfirmedHandler(NotificationsDbContext db, IAccountHolders holders, Texts texts, TimeProvider time)
    : IdempotentEventHandler<ReadingConfirmed, NotificationsDbContext>(db)
{
    protected override async Task ApplyAsync(ReadingConfirmed @event, IntegrationEvent<ReadingConfirmed> message, CancellationToken cancellationToken)
    {
        if (@event.AccountId is not { } accountId || (await holders.FindAsync([accountId], cancellationToken)).GetValueOrDefault(accountId) is not { } holder)
            return;
        var content = texts.Both("Reading_Subject", [holder.AccountNumber], "Reading_Confirmed", [holder.AccountNumber, @event.Period.ToString("MM.yyyy", System.Globalization.CultureInfo.InvariantCulture)]);
        await PersonalMessages.QueueAsync(Db, texts, $"reading-{@event.ReadingId}-confirmed", Delivery.Topics.Reading, content, holder.ConsumerId, holder.Email, holder.Phone, time.GetUtcNow(), cancellationToken);
    }
}

/// <summary>A reading rejected with a reason: the holder is told why (and that the charge follows the estimation rules).</summary>
internal sealed class ReadingRejectedHandler(NotificationsDbContext db, IAccountHolders holders, Texts texts, TimeProvider time)
    : IdempotentEventHandler<ReadingRejected, NotificationsDbContext>(db)
{
    protected override async Task ApplyAsync(ReadingRejected @event, IntegrationEvent<ReadingRejected> message, CancellationToken cancellationToken)
    {
        if (@event.AccountId is not { } accountId || (await holders.FindAsync([accountId], cancellationToken)).GetValueOrDefault(accountId) is not { } holder)
            return;
        var content = texts.Both("Reading_Subject", [holder.AccountNumber], "Reading_Rejected", [holder.AccountNumber, @event.Period.ToString("MM.yyyy", System.Globalization.CultureInfo.InvariantCulture), @event.Reason]);
        await PersonalMessages.QueueAsync(Db, texts, $"reading-{@event.ReadingId}-rejected", Delivery.Topics.Reading, content, holder.ConsumerId, holder.Email, holder.Phone, time.GetUtcNow(), cancellationToken);
    }
}
