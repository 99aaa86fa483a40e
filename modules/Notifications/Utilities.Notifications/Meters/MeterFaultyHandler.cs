using System.Globalization;
using Utilities.Contracts;
using Utilities.Metering.Events;
using Utilities.Notifications.Data;
using Utilities.Notifications.Delivery;
using Utilities.Notifications.Informing;
using Utilities.Platform.Messaging;

namespace Utilities.Notifications.Meters;

/// <summary>
/// Tells the holder of an account that its meter's verification has expired (Rules 354 п.81(12)):
/// its readings are no longer used and the charge follows the average, then the norm with the
/// raising coefficient, until the meter is verified or replaced. Through the holder's preferences on the
/// meter topic (by default e-mail; SMS when they chose it), like every other personal message; the
/// message's source is the meter and the day it became faulty, so a redelivered event sends nothing twice.
/// Nobody to reach, nothing to send (the cabinet shows the meter as faulty).
/// </summary>
internal sealed class MeterFaultyHandler(NotificationsDbContext db, IAccountHolders holders, Texts texts, TimeProvider time)
    : IdempotentEventHandler<MeterBecameFaulty, NotificationsDbContext>(db)
{
    protected override async Task ApplyAsync(MeterBecameFaulty @event, IntegrationEvent<MeterBecameFaulty> message, CancellationToken cancellationToken)
    {
        if (@event.AccountId is not { } accountId
            || (await holders.FindAsync([accountId], cancellationToken)).GetValueOrDefault(accountId) is not { } holder)
            return;

        var since = @event.FaultySince.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        var content = texts.Both("MeterFaulty_Subject", [@event.Serial], "MeterFaulty_Text", [@event.Serial, since, holder.AccountNumber]);
        var source = string.Create(CultureInfo.InvariantCulture, $"meter-faulty-{@event.MeterId}-{@event.FaultySince:yyyyMMdd}");
        await PersonalMessages.QueueAsync(Db, texts, source, Topics.Meter, content, holder.ConsumerId, holder.Email, holder.Phone, time.GetUtcNow(), cancellationToken);
    }
}
