namespace Utilities.Host.Tests.Infrastructure;

/// <summary>
/// The ledger's invariant (issue 7): Σ entries of each account = its balance (and advance and
/// penalties), and Σ principal entries of each month = that month's open debt. Checked after every
/// scenario that writes the ledger.
/// </summary>
internal static class LedgerInvariant
{
    public static async Task AssertHoldsAsync(TestDatabase db)
    {
        var balances = await db.ColumnAsync("""
            select coalesce(l.account_id, b.account_id) || ': entries ' || coalesce(l.total, 0) || ' / ' || coalesce(l.advance, 0) || ' / ' || coalesce(l.penalties, 0)
                   || ', balance ' || coalesce(b.balance, 0) || ' / ' || coalesce(b.advance, 0) || ' / ' || coalesce(b.penalties, 0)
            from (select account_id, sum(amount) as total, coalesce(sum(amount) filter (where for_period is null), 0) as advance,
                         coalesce(sum(amount) filter (where kind in (2, 3)), 0) as penalties
                  from billing.ledger_entries group by account_id) l
            full join billing.account_balances b on b.account_id = l.account_id
            where coalesce(l.total, 0) <> coalesce(b.balance, 0) or coalesce(l.advance, 0) <> coalesce(b.advance, 0) or coalesce(l.penalties, 0) <> coalesce(b.penalties, 0)
            limit 5
            """);
        Assert.Empty(balances);
        var debts = await db.ColumnAsync("""
            select coalesce(l.account_id, d.account_id) || ' ' || coalesce(l.for_period, d.for_period) || ': entries ' || coalesce(l.open, 0) || ', debt ' || coalesce(d.open, 0)
            from (select account_id, for_period, sum(amount) as open from billing.ledger_entries
                  where for_period is not null and kind in (0, 1, 4, 5, 6) group by account_id, for_period) l
            full join billing.debts d on d.account_id = l.account_id and d.for_period = l.for_period
            where coalesce(l.open, 0) <> coalesce(d.open, 0)
            limit 5
            """);
        Assert.Empty(debts);
    }
}
