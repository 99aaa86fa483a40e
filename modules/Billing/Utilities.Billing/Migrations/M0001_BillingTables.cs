using FluentMigrator;

namespace Utilities.Billing.Migrations;

[Migration(1, "billing: tariffs and their effective-dated versions")]
public sealed class M0001_BillingTables : Migration
{
    public override void Up()
    {
        Create.Table("tariffs")
            .WithColumn("id").AsInt64().PrimaryKey("pk_tariffs").Identity()
            .WithColumn("utility").AsString(40).NotNullable()
            .WithColumn("supplier_id").AsInt64().NotNullable()
            .WithColumn("name").AsString(300).NotNullable();

        Create.Table("tariff_versions")
            .WithColumn("id").AsInt64().PrimaryKey("pk_tariff_versions").Identity()
            .WithColumn("tariff_id").AsInt64().NotNullable().ForeignKey("fk_tariff_versions_tariff", "tariffs", "id")
            .WithColumn("valid_from").AsDate().NotNullable()
            .WithColumn("component").AsString(20).NotNullable()
            .WithColumn("price").AsDecimal(12, 4).NotNullable()
            .WithColumn("unit").AsString(20).NotNullable();
        Create.UniqueConstraint("ux_tariff_versions").OnTable("tariff_versions").Columns("tariff_id", "component", "valid_from");
    }

    public override void Down()
    {
        Delete.Table("tariff_versions");
        Delete.Table("tariffs");
    }
}
