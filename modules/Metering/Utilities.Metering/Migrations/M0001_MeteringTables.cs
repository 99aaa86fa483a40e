using FluentMigrator;

namespace Utilities.Metering.Migrations;

[Migration(1, "metering: meters and readings")]
public sealed class M0001_MeteringTables : Migration
{
    public override void Up()
    {
        Create.Table("meters")
            .WithColumn("id").AsInt64().PrimaryKey("pk_meters").Identity()
            .WithColumn("account_id").AsInt64().Nullable()
            .WithColumn("building_id").AsInt64().Nullable()
            .WithColumn("utility").AsString(40).NotNullable()
            .WithColumn("serial").AsString(40).NotNullable()
            .WithColumn("registers").AsCustom("text[]").NotNullable()
            .WithColumn("digit_capacity").AsInt32().NotNullable()
            .WithColumn("is_automated").AsBoolean().NotNullable()
            .WithColumn("installed_on").AsDate().NotNullable()
            .WithColumn("verified_until").AsDate().NotNullable()
            .WithColumn("removed_on").AsDate().Nullable();
        Create.Index("ix_meters_account").OnTable("meters").OnColumn("account_id");
        Create.Index("ix_meters_building").OnTable("meters").OnColumn("building_id");
        Create.UniqueConstraint("ux_meters_utility_serial").OnTable("meters").Columns("utility", "serial");
        Execute.Sql("alter table metering.meters add constraint ck_meters_owner check ((account_id is null) <> (building_id is null))");

        Create.Table("readings")
            .WithColumn("id").AsInt64().PrimaryKey("pk_readings").Identity()
            .WithColumn("meter_id").AsInt64().NotNullable().ForeignKey("fk_readings_meter", "meters", "id")
            .WithColumn("register").AsString(10).NotNullable()
            .WithColumn("value").AsDecimal(18, 6).NotNullable()
            .WithColumn("taken_on").AsDate().NotNullable()
            .WithColumn("submitted_at").AsDateTimeOffset().NotNullable()
            .WithColumn("source").AsString(20).NotNullable()
            .WithColumn("status").AsString(20).NotNullable();
        Create.Index("ix_readings_meter_taken").OnTable("readings").OnColumn("meter_id").Ascending().OnColumn("taken_on").Descending();
    }

    public override void Down()
    {
        Delete.Table("readings");
        Delete.Table("meters");
    }
}
