using System.Globalization;
using Utilities.Billing.Events;
using Utilities.Contracts;
using Utilities.Notifications.Data;
using Utilities.Notifications.Delivery;
using Utilities.Platform.Messaging;
using Utilities.Platform.Settings;

namespace Utilities.Notifications.Informing;

/// <summary>The period's bills are composed: every holder of an open account is told their bill is ready in the cabinet (one event per run, one fan-out).</summary>
internal sealed class BillsIssuedHandler(NotificationsDbContext db, IAffectedAccounts affected, ISettings settings, Texts texts, TimeProvider time)
    : IdempotentEventHandler<BillsIssued, NotificationsDbContext>(db)
{
    protected override async Task ApplyAsync(BillsIssued @event, IntegrationEvent<BillsIssued> message, CancellationToken cancellationToken)
    {
        if (@event.Bills == 0)
            return;
        var period = @event.Period.ToString("MM.yyyy", CultureInfo.InvariantCulture);
        await BroadcastMessages.QueueAsync(Db, affected, settings, texts, $"bills-{@event.Period:yyyy-MM}-run{@event.RunId}", Delivery.Topics.Bill,
            texts.Both("Bill_Subject", [period], "Bill_Ready", [period]), time.GetUtcNow(), cancellationToken);
    }
}
