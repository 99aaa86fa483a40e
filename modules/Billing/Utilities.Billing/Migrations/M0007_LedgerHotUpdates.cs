using FluentMigrator;

namespace Utilities.Billing.Migrations;

/// <summary>
/// A payment changes <c>debts.open</c> of each month it pays: with no index naming that column (not even in a
/// partial index's predicate) and free room in the page, PostgreSQL updates the row in place (HOT) instead of
/// writing a new version into all four indexes. The partial indexes become plain ones on the same keys.
/// </summary>
[Migration(7, "billing: debts updated in place (no index on open; fillfactor 70)")]
public sealed class M0007_LedgerHotUpdates : Migration
{
    public override void Up() => Execute.Sql("""
        drop index if exists billing.ix_debts_premises_open;
        drop index if exists billing.ix_debts_due_open;
        create index if not exists ix_debts_due on billing.debts (due_date);
        alter table billing.debts set (fillfactor = 70);
        """);

    public override void Down() => Execute.Sql("""
        drop index billing.ix_debts_due;
        alter table billing.debts reset (fillfactor);
        create index ix_debts_premises_open on billing.debts (premises_id, for_period) where open <> 0;
        create index ix_debts_due_open on billing.debts (due_date) where open > 0;
        """);
}
