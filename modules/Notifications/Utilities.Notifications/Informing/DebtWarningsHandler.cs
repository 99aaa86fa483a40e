using System.Globalization;
using Utilities.Billing.Events;
using Utilities.Contracts;
using Utilities.Notifications.Data;
using Utilities.Notifications.Delivery;
using Utilities.Platform.Messaging;

namespace Utilities.Notifications.Informing;

/// <summary>Each debt warning of a billing run (Rules 354 п.117–119) goes to the account's holder through their channels for debts.</summary>
internal sealed class DebtWarningsHandler(NotificationsDbContext db, IAccountHolders holders, Texts texts, TimeProvider time)
    : IdempotentEventHandler<DebtWarningsIssued, NotificationsDbContext>(db)
{
    protected override async Task ApplyAsync(DebtWarningsIssued @event, IntegrationEvent<DebtWarningsIssued> message, CancellationToken cancellationToken)
    {
        var found = await holders.FindAsync(@event.Warnings.Select(w => w.AccountId).Distinct().ToList(), cancellationToken);
        var now = time.GetUtcNow();
        var ru = CultureInfo.GetCultureInfo("ru-RU");
        foreach (var w in @event.Warnings)
        {
            if (!found.TryGetValue(w.AccountId, out var holder))
                continue;
            var debt = w.Debt.ToString("N2", ru);
            var content = w.Kind == "restriction" && w.Deadline is { } deadline
                ? texts.Both("Debt_Subject", [holder.AccountNumber], "Debt_Restriction", [holder.AccountNumber, debt, deadline.ToString("dd.MM.yyyy", ru)])
                : texts.Both("Debt_Subject", [holder.AccountNumber], "Debt_Threshold", [holder.AccountNumber, debt, w.Limit.ToString("N2", ru)]);
            await PersonalMessages.QueueAsync(Db, texts, $"debt-{message.Id:N}-{w.AccountId}-{w.Kind}", Delivery.Topics.Debt, content, holder.ConsumerId, holder.Email, holder.Phone, now, cancellationToken);
        }
    }
}
