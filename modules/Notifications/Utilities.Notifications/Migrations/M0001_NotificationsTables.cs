using FluentMigrator;

namespace Utilities.Notifications.Migrations;

[Migration(1, "notifications: notices and the buildings they affect")]
public sealed class M0001_NotificationsTables : Migration
{
    public override void Up()
    {
        Create.Table("notices")
            .WithColumn("id").AsInt64().PrimaryKey("pk_notices").Identity()
            .WithColumn("kind").AsString(30).NotNullable()
            .WithColumn("utility").AsString(40).Nullable()
            .WithColumn("title").AsString(300).NotNullable()
            .WithColumn("reason").AsString(2000).NotNullable()
            .WithColumn("starts_at").AsDateTimeOffset().NotNullable()
            .WithColumn("expected_end_at").AsDateTimeOffset().Nullable()
            .WithColumn("ended_at").AsDateTimeOffset().Nullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable()
            .WithColumn("created_by").AsString(100).NotNullable();
        Create.Index("ix_notices_starts_at").OnTable("notices").OnColumn("starts_at");

        Create.Table("notice_buildings")
            .WithColumn("notice_id").AsInt64().NotNullable().PrimaryKey("pk_notice_buildings").ForeignKey("fk_notice_buildings_notice", "notices", "id")
            .WithColumn("building_id").AsInt64().NotNullable().PrimaryKey("pk_notice_buildings");
        Create.Index("ix_notice_buildings_building").OnTable("notice_buildings").OnColumn("building_id");
    }

    public override void Down()
    {
        Delete.Table("notice_buildings");
        Delete.Table("notices");
    }
}
