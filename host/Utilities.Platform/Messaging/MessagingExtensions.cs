using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Utilities.Platform.Messaging;

public static class MessagingExtensions
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the module's <c>outbox</c> and <c>inbox</c> tables (created for every module schema by the platform).</summary>
    public static ModelBuilder HasOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox");
            e.HasKey(m => m.Id).HasName("pk_outbox");
            e.Property(m => m.Payload).HasColumnType("jsonb");
        });
        modelBuilder.Entity<InboxEntry>(e =>
        {
            e.ToTable("inbox");
            e.HasKey(m => new { m.Handler, m.EventId }).HasName("pk_inbox");
        });
        return modelBuilder;
    }

    /// <summary>
    /// Adds an integration event to the module's outbox; it is written by the next
    /// <c>SaveChanges</c>, in the same transaction as the change it reports.
    /// </summary>
    public static OutboxMessage Publish<TEvent>(this DbContext db, TEvent @event, DateTimeOffset occurredAt)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(db);
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(occurredAt),
            Type = IntegrationEventAttribute.NameOf(typeof(TEvent)),
            Payload = JsonSerializer.Serialize(@event, Json),
            OccurredAt = occurredAt,
            // Due at once by the database's clock, whatever this host's clock says.
            NextAttemptAt = DateTimeOffset.UnixEpoch,
        };
        db.Add(message);
        return message;
    }
}
