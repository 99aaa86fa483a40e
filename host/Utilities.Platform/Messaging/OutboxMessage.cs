namespace Utilities.Platform.Messaging;

/// <summary>
/// An integration event waiting in the publishing module's <c>outbox</c> table. It is written by
/// the same transaction as the change it reports, and the host's dispatcher delivers it.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }

    public required string Type { get; init; }

    public required string Payload { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? DispatchedAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}

/// <summary>
/// One handler's receipt for one event in the handling module's <c>inbox</c> table, written in the
/// same transaction as the handler's effect: a second delivery finds it and changes nothing.
/// </summary>
public sealed class InboxEntry
{
    public required string Handler { get; init; }

    public Guid EventId { get; init; }

    public DateTimeOffset HandledAt { get; init; }
}
