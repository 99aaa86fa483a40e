using FluentMigrator;

namespace Utilities.Contracts.Migrations;

[Migration(1, "contracts: organisations, buildings, premises, consumers, contracts, personal accounts")]
public sealed class M0001_ContractsTables : Migration
{
    public override void Up()
    {
        Create.Table("organisations")
            .WithColumn("id").AsInt64().PrimaryKey("pk_organisations").Identity()
            .WithColumn("kind").AsString(30).NotNullable()
            .WithColumn("name").AsString(300).NotNullable()
            .WithColumn("inn").AsString(12).NotNullable()
            .WithColumn("kpp").AsString(9).Nullable()
            .WithColumn("bank_name").AsString(300).NotNullable()
            .WithColumn("bic").AsString(9).NotNullable()
            .WithColumn("correspondent_account").AsString(20).NotNullable()
            .WithColumn("settlement_account").AsString(20).NotNullable();

        Create.Table("buildings")
            .WithColumn("id").AsInt64().PrimaryKey("pk_buildings").Identity()
            .WithColumn("address").AsString(500).NotNullable().Unique("ux_buildings_address")
            .WithColumn("total_area").AsDecimal(12, 2).NotNullable()
            .WithColumn("floors").AsInt32().NotNullable()
            .WithColumn("has_heat_meter").AsBoolean().NotNullable();

        Create.Table("premises")
            .WithColumn("id").AsInt64().PrimaryKey("pk_premises").Identity()
            .WithColumn("building_id").AsInt64().NotNullable().ForeignKey("fk_premises_building", "buildings", "id")
            .WithColumn("number").AsString(20).NotNullable()
            .WithColumn("area").AsDecimal(10, 2).NotNullable()
            .WithColumn("rooms").AsInt32().NotNullable()
            .WithColumn("residents").AsInt32().NotNullable()
            .WithColumn("payer_code").AsString(20).NotNullable().Unique("ux_premises_payer_code");
        Create.UniqueConstraint("ux_premises_building_number").OnTable("premises").Columns("building_id", "number");

        Create.Table("consumers")
            .WithColumn("id").AsInt64().PrimaryKey("pk_consumers").Identity()
            .WithColumn("full_name").AsString(300).NotNullable()
            .WithColumn("email").AsString(320).Nullable()
            .WithColumn("phone").AsString(20).Nullable();

        Create.Table("contracts")
            .WithColumn("id").AsInt64().PrimaryKey("pk_contracts").Identity()
            .WithColumn("number").AsString(40).NotNullable().Unique("ux_contracts_number")
            .WithColumn("consumer_id").AsInt64().NotNullable().ForeignKey("fk_contracts_consumer", "consumers", "id")
            .WithColumn("premises_id").AsInt64().NotNullable().ForeignKey("fk_contracts_premises", "premises", "id")
            .WithColumn("concluded_on").AsDate().NotNullable()
            .WithColumn("terminated_on").AsDate().Nullable()
            .WithColumn("deemed").AsBoolean().NotNullable().WithDefaultValue(false);

        Create.Table("personal_accounts")
            .WithColumn("id").AsInt64().PrimaryKey("pk_personal_accounts").Identity()
            .WithColumn("number").AsString(20).NotNullable().Unique("ux_personal_accounts_number")
            .WithColumn("contract_id").AsInt64().NotNullable().ForeignKey("fk_accounts_contract", "contracts", "id")
            .WithColumn("premises_id").AsInt64().NotNullable().ForeignKey("fk_accounts_premises", "premises", "id")
            .WithColumn("utility").AsString(40).NotNullable()
            .WithColumn("supplier_id").AsInt64().NotNullable().ForeignKey("fk_accounts_supplier", "organisations", "id")
            .WithColumn("opened_on").AsDate().NotNullable()
            .WithColumn("closed_on").AsDate().Nullable();
        Create.Index("ix_personal_accounts_premises").OnTable("personal_accounts").OnColumn("premises_id");
    }

    public override void Down()
    {
        Delete.Table("personal_accounts");
        Delete.Table("contracts");
        Delete.Table("consumers");
        Delete.Table("premises");
        Delete.Table("buildings");
        Delete.Table("organisations");
    }
}
