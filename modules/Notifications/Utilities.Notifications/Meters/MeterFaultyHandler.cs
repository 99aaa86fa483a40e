using System.Globalization;
using Microsoft.Extensions.Localization;
using Utilities.Contracts;
using Utilities.Metering.Events;
using Utilities.Notifications.Data;
using Utilities.Notifications.Resources;
using Utilities.Platform.Messaging;

namespace Utilities.Notifications.Meters;

/// <summary>
/// Tells the holder of an account that its meter's verification has expired (Rules 354 п.81(12)):
/// its readings are no longer used and the charge follows the average, then the norm with the
/// raising coefficient, until the meter is verified or replaced. By e-mail when the holder has an
/// address, else by SMS; nobody to reach, nothing to send (the cabinet shows the meter as faulty).
/// </summary>
internal sealed class MeterFaultyHandler(
    NotificationsDbContext db,
    IAccountHolders holders,
    IMessageSender sender,
    IStringLocalizer<NotificationsText> text)
    : IdempotentEventHandler<MeterBecameFaulty, NotificationsDbContext>(db)
{
    protected override async Task ApplyAsync(MeterBecameFaulty @event, IntegrationEvent<MeterBecameFaulty> message, CancellationToken cancellationToken)
    {
        if (@event.AccountId is not { } accountId
            || (await holders.FindAsync([accountId], cancellationToken)).GetValueOrDefault(accountId) is not { } holder)
            return;

        var since = @event.FaultySince.ToString("dd.MM.yyyy", CultureInfo.GetCultureInfo("ru-RU"));
        var body = text["MeterFaulty_Text", @event.Serial, since, holder.AccountNumber].Value;
        if (holder.Email is { } email)
            await sender.SendAsync(new OutgoingMessage(MessageChannel.Email, email, text["MeterFaulty_Subject", @event.Serial], body), cancellationToken);
        else if (holder.Phone is { } phone)
            await sender.SendAsync(new OutgoingMessage(MessageChannel.Sms, phone, string.Empty, text["MeterFaulty_Sms", @event.Serial, since]), cancellationToken);
    }
}
