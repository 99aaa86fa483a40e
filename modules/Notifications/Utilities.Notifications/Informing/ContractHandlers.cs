using System.Globalization;
using Utilities.Contracts;
using Utilities.Contracts.Events;
using Utilities.Notifications.Data;
using Utilities.Notifications.Delivery;
using Utilities.Platform.Messaging;

namespace Utilities.Notifications.Informing;

/// <summary>A contract concluded: its holder is told the number and from when the accounts are open.</summary>
internal sealed class ContractConcludedHandler(NotificationsDbContext db, IAccountHolders holders, Texts texts, TimeProvider time)
    : IdempotentEventHandler<ContractConcluded, NotificationsDbContext>(db)
{
    protected override async Task ApplyAsync(ContractConcluded @event, IntegrationEvent<ContractConcluded> message, CancellationToken cancellationToken)
    {
        if (@event.Accounts.Count == 0 || (await holders.FindAsync([@event.Accounts[0].AccountId], cancellationToken)).Values.FirstOrDefault() is not { } holder)
            return;
        var numbers = string.Join(", ", @event.Accounts.Select(a => a.Number));
        var content = texts.Both("Contract_Subject", [@event.ContractNumber], "Contract_Concluded", [@event.ContractNumber, @event.StartsOn.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), numbers]);
        await PersonalMessages.QueueAsync(Db, texts, $"contract-{@event.ContractId}-concluded", Delivery.Topics.Contract, content, holder.ConsumerId, holder.Email, holder.Phone, time.GetUtcNow(), cancellationToken);
    }
}

/// <summary>A contract terminated: its holder is told the last day served (the final bill follows).</summary>
internal sealed class ContractTerminatedHandler(NotificationsDbContext db, IAccountHolders holders, Texts texts, TimeProvider time)
    : IdempotentEventHandler<ContractTerminated, NotificationsDbContext>(db)
{
    protected override async Task ApplyAsync(ContractTerminated @event, IntegrationEvent<ContractTerminated> message, CancellationToken cancellationToken)
    {
        if (@event.Accounts.Count == 0 || (await holders.FindAsync([@event.Accounts[0].AccountId], cancellationToken)).Values.FirstOrDefault() is not { } holder)
            return;
        var content = texts.Both("Contract_Subject", [@event.ContractNumber], "Contract_Terminated", [@event.ContractNumber, @event.EndsOn.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)]);
        await PersonalMessages.QueueAsync(Db, texts, $"contract-{@event.ContractId}-terminated", Delivery.Topics.Contract, content, holder.ConsumerId, holder.Email, holder.Phone, time.GetUtcNow(), cancellationToken);
    }
}
