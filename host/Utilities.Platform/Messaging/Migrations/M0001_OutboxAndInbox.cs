using FluentMigrator;

namespace Utilities.Platform.Messaging.Migrations;

/// <summary>The schema these tables go into: a module's own schema.</summary>
public sealed record MessagingSchema(string Name);

/// <summary>
/// The outbox and inbox of one module, in the module's schema, with their own version table.
/// A statement trigger wakes the dispatcher (LISTEN utilities_outbox) when events are committed.
/// </summary>
[Migration(1, "messaging: outbox and inbox")]
public sealed class M0001_OutboxAndInbox(MessagingSchema schema) : Migration
{
    public override void Up()
    {
        Create.Table("outbox")
            .WithColumn("id").AsGuid().PrimaryKey("pk_outbox")
            .WithColumn("type").AsString(200).NotNullable()
            .WithColumn("payload").AsCustom("jsonb").NotNullable()
            .WithColumn("occurred_at").AsDateTimeOffset().NotNullable()
            .WithColumn("next_attempt_at").AsDateTimeOffset().NotNullable()
            .WithColumn("dispatched_at").AsDateTimeOffset().Nullable()
            .WithColumn("attempts").AsInt32().NotNullable().WithDefaultValue(0)
            .WithColumn("last_error").AsString(2000).Nullable();
        Execute.Sql($"create index ix_outbox_pending on \"{schema.Name}\".outbox (next_attempt_at) where dispatched_at is null");

        Create.Table("inbox")
            .WithColumn("handler").AsString(300).NotNullable().PrimaryKey("pk_inbox")
            .WithColumn("event_id").AsGuid().NotNullable().PrimaryKey("pk_inbox")
            .WithColumn("handled_at").AsDateTimeOffset().NotNullable();

        Execute.Sql($"""
            create function "{schema.Name}".notify_outbox() returns trigger language plpgsql as $$
            begin
              perform pg_notify('utilities_outbox', tg_table_schema);
              return null;
            end $$;
            create trigger outbox_notify after insert on "{schema.Name}".outbox
              for each statement execute function "{schema.Name}".notify_outbox();
            """);
    }

    public override void Down()
    {
        Delete.Table("inbox");
        Delete.Table("outbox");
        Execute.Sql($"drop function \"{schema.Name}\".notify_outbox()");
    }
}
