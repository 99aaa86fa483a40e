using FluentMigrator;

namespace Utilities.Host.Platform.Migrations;

/// <summary>The host's own tables: settings, staff, audit and data-protection keys.</summary>
[Migration(1, "platform: settings, staff users, audit log, data-protection keys")]
public sealed class M0001_PlatformTables : Migration
{
    public override void Up()
    {
        Create.Table("setting_values")
            .WithColumn("key").AsString(100).NotNullable().PrimaryKey("pk_setting_values")
            .WithColumn("valid_from").AsDate().NotNullable().PrimaryKey("pk_setting_values")
            .WithColumn("value").AsString(500).NotNullable()
            .WithColumn("changed_by").AsString(100).NotNullable()
            .WithColumn("changed_at").AsDateTimeOffset().NotNullable();

        Create.Table("staff_users")
            .WithColumn("id").AsInt64().PrimaryKey("pk_staff_users").Identity()
            .WithColumn("login").AsString(100).NotNullable().Unique("ux_staff_users_login")
            .WithColumn("display_name").AsString(200).NotNullable()
            .WithColumn("password_hash").AsString(500).NotNullable()
            .WithColumn("roles").AsCustom("text[]").NotNullable()
            .WithColumn("is_active").AsBoolean().NotNullable().WithDefaultValue(true)
            .WithColumn("failed_sign_ins").AsInt32().NotNullable().WithDefaultValue(0)
            .WithColumn("locked_until").AsDateTimeOffset().Nullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable();

        Create.Table("audit_log")
            .WithColumn("id").AsInt64().PrimaryKey("pk_audit_log").Identity()
            .WithColumn("at").AsDateTimeOffset().NotNullable()
            .WithColumn("actor").AsString(100).NotNullable()
            .WithColumn("action").AsString(100).NotNullable()
            .WithColumn("subject").AsString(200).NotNullable()
            .WithColumn("details").AsString(2000).Nullable();
        Create.Index("ix_audit_log_at").OnTable("audit_log").OnColumn("at");

        Create.Table("data_protection_keys")
            .WithColumn("id").AsInt32().PrimaryKey("pk_data_protection_keys").Identity()
            .WithColumn("friendly_name").AsString(int.MaxValue).Nullable()
            .WithColumn("xml").AsString(int.MaxValue).Nullable();
    }

    public override void Down()
    {
        Delete.Table("data_protection_keys");
        Delete.Table("audit_log");
        Delete.Table("staff_users");
        Delete.Table("setting_values");
    }
}
