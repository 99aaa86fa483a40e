using FluentMigrator;

namespace Utilities.RepairFund.Migrations;

[Migration(2, "repair_fund: exemptions and special-account details of funds, the contributions ledger, payments received, works and spending")]
public sealed class M0002_LedgerAndWorks : Migration
{
    public override void Up()
    {
        Alter.Table("funds")
            .AddColumn("in_disrepair_from").AsDate().Nullable()
            .AddColumn("payee_name").AsString(300).Nullable()
            .AddColumn("payee_inn").AsString(12).Nullable()
            .AddColumn("payee_kpp").AsString(9).Nullable()
            .AddColumn("bank_name").AsString(300).Nullable()
            .AddColumn("bic").AsString(9).Nullable()
            .AddColumn("correspondent_account").AsString(20).Nullable()
            .AddColumn("settlement_account").AsString(20).Nullable();

        // One ledger of contributions per premises and owner: + charges, recalculations, penalties; − payments.
        Create.Table("entries")
            .WithColumn("id").AsInt64().PrimaryKey("pk_entries").Identity()
            .WithColumn("premises_id").AsInt64().NotNullable()
            .WithColumn("building_id").AsInt64().NotNullable()
            .WithColumn("owner_id").AsInt64().Nullable()
            .WithColumn("kind").AsInt16().NotNullable()
            .WithColumn("period").AsDate().NotNullable()
            .WithColumn("for_period").AsDate().Nullable()
            .WithColumn("entry_date").AsDate().NotNullable()
            .WithColumn("amount").AsDecimal(14, 2).NotNullable()
            .WithColumn("line_from").AsDate().Nullable()
            .WithColumn("line_to").AsDate().Nullable()
            .WithColumn("area").AsDecimal(10, 2).Nullable()
            .WithColumn("rate").AsDecimal(10, 2).Nullable()
            .WithColumn("share").AsDecimal(9, 6).Nullable()
            .WithColumn("payment_id").AsInt64().Nullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable();
        Create.Index("ix_entries_premises").OnTable("entries").OnColumn("premises_id").Ascending().OnColumn("for_period").Ascending();
        Create.Index("ix_entries_building").OnTable("entries").OnColumn("building_id").Ascending().OnColumn("entry_date").Ascending();
        Execute.Sql("create index ix_entries_advance on repair_fund.entries (premises_id) where for_period is null");
        Create.Index("ix_entries_period").OnTable("entries").OnColumn("period").Ascending().OnColumn("kind").Ascending();

        // A payment's shares are posted once (at-least-once delivery of billing.repair-fund-payments-allocated).
        Create.Table("payments_received")
            .WithColumn("payment_id").AsInt64().PrimaryKey("pk_payments_received")
            .WithColumn("received_at").AsDateTimeOffset().NotNullable();

        Create.Table("charged_periods")
            .WithColumn("period").AsDate().PrimaryKey("pk_charged_periods")
            .WithColumn("charged_at").AsDateTimeOffset().NotNullable()
            .WithColumn("premises").AsInt32().NotNullable()
            .WithColumn("amount").AsDecimal(16, 2).NotNullable();

        Create.Table("works")
            .WithColumn("id").AsInt64().PrimaryKey("pk_works").Identity()
            .WithColumn("building_id").AsInt64().NotNullable().Indexed("ix_works_building")
            .WithColumn("kind").AsString(40).NotNullable()
            .WithColumn("planned_year").AsInt32().NotNullable()
            .WithColumn("estimated_cost").AsDecimal(16, 2).NotNullable()
            .WithColumn("status").AsString(20).NotNullable()
            .WithColumn("contractor").AsString(300).Nullable()
            .WithColumn("decision_ref").AsString(200).Nullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable();

        Create.Table("spending")
            .WithColumn("id").AsInt64().PrimaryKey("pk_spending").Identity()
            .WithColumn("work_id").AsInt64().NotNullable().ForeignKey("fk_spending_work", "works", "id")
            .WithColumn("building_id").AsInt64().NotNullable()
            .WithColumn("spent_on").AsDate().NotNullable()
            .WithColumn("amount").AsDecimal(16, 2).NotNullable()
            .WithColumn("document").AsString(200).NotNullable()
            .WithColumn("recorded_by").AsString(200).NotNullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable();
        Create.Index("ix_spending_building").OnTable("spending").OnColumn("building_id").Ascending().OnColumn("spent_on").Ascending();
    }

    public override void Down()
    {
        Delete.Table("spending");
        Delete.Table("works");
        Delete.Table("charged_periods");
        Delete.Table("payments_received");
        Delete.Table("entries");
        Delete.Column("in_disrepair_from").Column("payee_name").Column("payee_inn").Column("payee_kpp").Column("bank_name")
            .Column("bic").Column("correspondent_account").Column("settlement_account").FromTable("funds");
    }
}
