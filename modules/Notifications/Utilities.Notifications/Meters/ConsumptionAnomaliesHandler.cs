using System.Globalization;
using Utilities.Contracts;
using Utilities.Metering.Events;
using Utilities.Notifications.Data;
using Utilities.Notifications.Delivery;
using Utilities.Notifications.Informing;
using Utilities.Platform.Messaging;

namespace Utilities.Notifications.Meters;

/// <summary>
/// Tells the holder of each account with a new anomaly alert (a likely leak, consumption far off
/// the forecast) through their preferences on the meter topic. The message's source is the alert
/// (<c>anomaly-&lt;id&gt;</c>): a redelivered event, or the same alert announced again, sends nothing twice.
/// </summary>
internal sealed class ConsumptionAnomaliesHandler(NotificationsDbContext db, IAccountHolders holders, Texts texts, TimeProvider time)
    : IdempotentEventHandler<ConsumptionAnomaliesDetected, NotificationsDbContext>(db)
{
    protected override async Task ApplyAsync(ConsumptionAnomaliesDetected @event, IntegrationEvent<ConsumptionAnomaliesDetected> message, CancellationToken cancellationToken)
    {
        var accounts = @event.Alerts.Where(a => a.AccountId is not null).Select(a => a.AccountId!.Value).Distinct().ToList();
        if (accounts.Count == 0)
            return;
        var found = await holders.FindAsync(accounts, cancellationToken);
        var now = time.GetUtcNow();
        foreach (var alert in @event.Alerts)
        {
            if (alert.AccountId is not { } accountId || found.GetValueOrDefault(accountId) is not { } holder)
                continue;
            var from = alert.FirstDay.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
            var to = alert.LastDay.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
            var content = texts.Both("Anomaly_Subject", [alert.Serial], "Anomaly_" + alert.Kind, [alert.Serial, holder.AccountNumber, from, to]);
            await PersonalMessages.QueueAsync(Db, texts, $"anomaly-{alert.AlertId}", Topics.Meter, content, holder.ConsumerId, holder.Email, holder.Phone, now, cancellationToken);
        }
    }
}
