using FluentMigrator;

namespace Utilities.Billing.Migrations;

/// <summary>
/// The cabinet reads a premises' bills (its list, the dashboard's latest bill, a bill by id checked against
/// the consumer's premises); the only index was the unique (period, premises_id), so each such read walked
/// every premises' bills of every period (ADR 28).
/// </summary>
[Migration(8, "billing: bills by premises, newest first")]
public sealed class M0008_BillsByPremises : Migration
{
    public override void Up() => Execute.Sql("create index ix_bills_premises on billing.bills (premises_id, period desc);");

    public override void Down() => Execute.Sql("drop index billing.ix_bills_premises;");
}
