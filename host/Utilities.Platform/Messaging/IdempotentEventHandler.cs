using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Utilities.Platform.Messaging;

/// <summary>
/// Applies an event once: the handler's changes and its inbox receipt are saved in one
/// transaction of the handling module's own context; a repeated delivery finds the receipt and
/// does nothing, and two racing deliveries are settled by the inbox's primary key.
/// </summary>
public abstract class IdempotentEventHandler<TEvent, TContext>(TContext db) : IIntegrationEventHandler<TEvent>
    where TEvent : class
    where TContext : DbContext
{
    /// <summary>The handling module's context: changes made on it are saved with the receipt.</summary>
    protected TContext Db { get; } = db;

    /// <summary>The name the receipts are kept under; stable across releases.</summary>
    protected virtual string HandlerName => GetType().FullName!;

    public async Task HandleAsync(IntegrationEvent<TEvent> message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var handler = HandlerName;
        await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
        if (await Db.Set<InboxEntry>().AnyAsync(e => e.Handler == handler && e.EventId == message.Id, cancellationToken))
            return;

        await ApplyAsync(message.Event, message, cancellationToken);
        Db.Add(new InboxEntry { Handler = handler, EventId = message.Id, HandledAt = DateTimeOffset.UtcNow });
        try
        {
            await Db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pk_inbox" })
        {
            // Another delivery of the same event won the race and applied it: nothing to do.
            Db.ChangeTracker.Clear();
        }
    }

    /// <summary>Makes the handler's changes on the context; they are saved with the receipt.</summary>
    protected abstract Task ApplyAsync(TEvent @event, IntegrationEvent<TEvent> message, CancellationToken cancellationToken);
}
