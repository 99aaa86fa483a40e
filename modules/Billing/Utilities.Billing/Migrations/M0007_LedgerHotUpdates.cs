using FluentMigrator;

namespace Utilities.Billing.Migrations;

/// <summary>
/// A payment changes <c>debts.open</c> of each month it pays. The partial indexes on <c>open &gt; 0</c> made
/// every such update write a new row version into all four indexes; they now name <c>owing</c>, a stored
/// generated column (<c>open &gt; 0</c>) that changes only when a month is paid off or reopened, so the usual
/// update (owing before and after) is done in place (HOT) in the page's free room (fillfactor 70). The
/// plain index on premises goes: what reads by premises wants the owing months (partial index) or one
/// account's latest month (the primary key).
/// </summary>
[Migration(7, "billing: debts updated in place (owing generated column, partial indexes on it, fillfactor 70)")]
public sealed class M0007_LedgerHotUpdates : Migration
{
    public override void Up() => Execute.Sql("""
        drop index billing.ix_debts_premises_open;
        drop index billing.ix_debts_due_open;
        drop index billing.ix_debts_premises;
        alter table billing.debts set (fillfactor = 70);
        -- Adding a stored generated column rewrites the table: its pages are packed to the new fillfactor.
        alter table billing.debts add column owing boolean generated always as (open > 0) stored;
        create index ix_debts_premises_owing on billing.debts (premises_id, for_period) where owing;
        create index ix_debts_due_owing on billing.debts (due_date) where owing;
        """);

    public override void Down() => Execute.Sql("""
        drop index billing.ix_debts_premises_owing;
        drop index billing.ix_debts_due_owing;
        alter table billing.debts drop column owing;
        alter table billing.debts reset (fillfactor);
        create index ix_debts_premises on billing.debts (premises_id);
        create index ix_debts_premises_open on billing.debts (premises_id, for_period) where open <> 0;
        create index ix_debts_due_open on billing.debts (due_date) where open > 0;
        """);
}
