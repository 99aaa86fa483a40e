using FluentMigrator;

namespace Utilities.RepairFund.Migrations;

[Migration(1, "repair_fund: funds per building and contribution rates")]
public sealed class M0001_RepairFundTables : Migration
{
    public override void Up()
    {
        Create.Table("funds")
            .WithColumn("id").AsInt64().PrimaryKey("pk_funds").Identity()
            .WithColumn("building_id").AsInt64().NotNullable().Unique("ux_funds_building")
            .WithColumn("account_kind").AsString(30).NotNullable()
            .WithColumn("obligation_starts_on").AsDate().NotNullable();

        Create.Table("contribution_rates")
            .WithColumn("id").AsInt64().PrimaryKey("pk_contribution_rates").Identity()
            .WithColumn("valid_from").AsDate().NotNullable().Unique("ux_contribution_rates_valid_from")
            .WithColumn("rate_per_sqm").AsDecimal(10, 2).NotNullable();
    }

    public override void Down()
    {
        Delete.Table("contribution_rates");
        Delete.Table("funds");
    }
}
