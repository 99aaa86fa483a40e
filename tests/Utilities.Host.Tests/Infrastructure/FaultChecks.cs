using System.Globalization;

namespace Utilities.Host.Tests.Infrastructure;

/// <summary>
/// The queries that judge a database after a crash and a restart (issue 12, ADR 27), shared as
/// source by <c>FaultInjectionTests</c> (enumerated kill points) and the bench scenario <c>faults</c>
/// (random kills from outside; bench/Utilities.Benchmarks links this file). Each query returns one
/// text column in a canonical order, so two databases compare as lists of strings; no xUnit here.
/// </summary>
internal static class FaultChecks
{
    /// <summary>Everything a billing run of <paramref name="period"/> leaves behind: lines, bills, ledger sums, repair-fund sums, outbox events, run rows.</summary>
    public static (string Name, string Sql)[] BillingOutcome(DateOnly period)
    {
        var day = period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return
        [
            ("charge lines", $"""
                select account_id || '|' || for_period || '|' || kind || '|' || component || '|' || coalesce(register, '') || '|' || basis || '|'
                       || volume || '|' || price || '|' || amount || '|' || line_from || '|' || line_to
                from billing.charge_lines where period = '{day}' order by 1
                """),
            ("bills", $"select premises_id || '|' || total_due from billing.bills where period = '{day}' order by 1"),
            ("ledger", Ledger),
            ("repair fund", "select premises_id || '|' || kind || '|' || period || '|' || sum(amount) from repair_fund.entries group by premises_id, kind, period order by 1"),
            ("events", "select type || ' ' || count(*) from billing.outbox group by type order by 1"),
            ("runs", "select period || ' ' || state || ' ' || stage || ' ' || accounts_done || ' ' || lines || ' ' || amount || ' ' || bills from billing.runs order by id"),
        ];
    }

    /// <summary>The ledger summed per account, kind and month: a doubled or lost payment or charge changes a line.</summary>
    public const string Ledger =
        "select account_id || '|' || kind || '|' || coalesce(for_period::text, '-') || '|' || sum(amount) from billing.ledger_entries group by account_id, kind, for_period order by 1";

    /// <summary>
    /// The ledger's invariant (issue 7): rows that break it, at most 5 per query, empty when it holds.
    /// Σ entries of each account = its balance (and advance and penalties); Σ principal entries of each
    /// month = that month's open debt.
    /// </summary>
    public static readonly (string Name, string Sql)[] LedgerInvariant =
    [
        ("entries = balances", """
            select coalesce(l.account_id, b.account_id) || ': entries ' || coalesce(l.total, 0) || ' / ' || coalesce(l.advance, 0) || ' / ' || coalesce(l.penalties, 0)
                   || ', balance ' || coalesce(b.balance, 0) || ' / ' || coalesce(b.advance, 0) || ' / ' || coalesce(b.penalties, 0)
            from (select account_id, sum(amount) as total, coalesce(sum(amount) filter (where for_period is null), 0) as advance,
                         coalesce(sum(amount) filter (where kind in (2, 3)), 0) as penalties
                  from billing.ledger_entries group by account_id) l
            full join billing.account_balances b on b.account_id = l.account_id
            where coalesce(l.total, 0) <> coalesce(b.balance, 0) or coalesce(l.advance, 0) <> coalesce(b.advance, 0) or coalesce(l.penalties, 0) <> coalesce(b.penalties, 0)
            limit 5
            """),
        ("entries = debts", """
            select coalesce(l.account_id, d.account_id) || ' ' || coalesce(l.for_period, d.for_period) || ': entries ' || coalesce(l.open, 0) || ', debt ' || coalesce(d.open, 0)
            from (select account_id, for_period, sum(amount) as open from billing.ledger_entries
                  where for_period is not null and kind in (0, 1, 4, 5, 6) group by account_id, for_period) l
            full join billing.debts d on d.account_id = l.account_id and d.for_period = l.for_period
            where coalesce(l.open, 0) <> coalesce(d.open, 0)
            limit 5
            """),
    ];
}
