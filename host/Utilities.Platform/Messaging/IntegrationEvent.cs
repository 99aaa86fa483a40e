namespace Utilities.Platform.Messaging;

/// <summary>An event as delivered to a handler: its outbox id (the idempotency key), when it happened, and the event.</summary>
public sealed record IntegrationEvent<TEvent>(Guid Id, DateTimeOffset OccurredAt, TEvent Event)
    where TEvent : class;

/// <summary>
/// Receives integration events of one type published by another module. Delivery is at least
/// once; derive from <see cref="IdempotentEventHandler{TEvent, TContext}"/> so the effect is once.
/// </summary>
public interface IIntegrationEventHandler<TEvent>
    where TEvent : class
{
    Task HandleAsync(IntegrationEvent<TEvent> message, CancellationToken cancellationToken);
}
