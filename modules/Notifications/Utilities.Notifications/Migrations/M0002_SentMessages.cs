using FluentMigrator;

namespace Utilities.Notifications.Migrations;

/// <summary>
/// Every message handed over (e-mail, SMS): when, to whom, through what. The text is kept only
/// for the local stand-ins (no SMTP configured, the SMS stand-in), which is how they "deliver".
/// </summary>
[Migration(2, "notifications: sent messages")]
public sealed class M0002_SentMessages : Migration
{
    public override void Up()
    {
        Create.Table("sent_messages")
            .WithColumn("id").AsInt64().PrimaryKey("pk_sent_messages").Identity()
            .WithColumn("channel").AsString(10).NotNullable()
            .WithColumn("recipient").AsString(320).NotNullable()
            .WithColumn("subject").AsString(300).Nullable()
            .WithColumn("body").AsString(4000).Nullable()
            .WithColumn("transport").AsString(20).NotNullable()
            .WithColumn("sent_at").AsDateTimeOffset().NotNullable();
        Create.Index("ix_sent_messages_recipient").OnTable("sent_messages").OnColumn("recipient");
    }

    public override void Down() => Delete.Table("sent_messages");
}
