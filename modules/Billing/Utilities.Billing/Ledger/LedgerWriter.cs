using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Utilities.Billing.Data;

namespace Utilities.Billing.Ledger;

/// <summary>An entry to post: <see cref="Amount"/> positive is owed, negative is paid or credited.</summary>
internal sealed record NewLedgerEntry(
    long AccountId,
    long PremisesId,
    long SupplierId,
    DateOnly? ForPeriod,
    DateOnly EntryDate,
    LedgerKind Kind,
    decimal Amount,
    long? RunId = null,
    long? PaymentId = null,
    long? ReferenceId = null,
    string? Note = null);

/// <summary>
/// The only writer of the ledger: entries and their caches (<c>account_balances</c>, <c>debts</c>)
/// in one statement, so they never disagree. Either a list of entries (payments, instalments) or a
/// set-based SELECT (a run's charges, advances applied), always inside the caller's transaction.
/// </summary>
internal static class LedgerWriter
{
    /// <summary>The kinds that make a month's principal debt (penalties are charged on it; penalties themselves are not).</summary>
    public const string PrincipalKinds = "(0, 1, 4, 5, 6)";

    /// <summary>The columns a source SELECT gives, in this order.</summary>
    private const string Columns = "account_id, premises_id, supplier_id, for_period, entry_date, kind, amount, run_id, payment_id, reference_id, note";

    public static Task<int> PostAsync(BillingDbContext db, IReadOnlyList<NewLedgerEntry> entries, int dueDay, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
            return Task.FromResult(0);
        var source = """
            select * from unnest(@accounts, @premises, @suppliers, @periods, @dates, @kinds, @amounts, @runs, @payments, @references, @notes)
                as e(account_id, premises_id, supplier_id, for_period, entry_date, kind, amount, run_id, payment_id, reference_id, note)
            """;
        return PostFromAsync(db, source, dueDay, now, cancellationToken,
            new NpgsqlParameter("accounts", entries.Select(e => e.AccountId).ToArray()),
            new NpgsqlParameter("premises", entries.Select(e => e.PremisesId).ToArray()),
            new NpgsqlParameter("suppliers", entries.Select(e => e.SupplierId).ToArray()),
            new NpgsqlParameter("periods", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Date) { Value = entries.Select(e => e.ForPeriod).ToArray() },
            new NpgsqlParameter("dates", entries.Select(e => e.EntryDate).ToArray()),
            new NpgsqlParameter("kinds", entries.Select(e => (short)e.Kind).ToArray()),
            new NpgsqlParameter("amounts", entries.Select(e => e.Amount).ToArray()),
            new NpgsqlParameter("runs", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint) { Value = entries.Select(e => e.RunId).ToArray() },
            new NpgsqlParameter("payments", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint) { Value = entries.Select(e => e.PaymentId).ToArray() },
            new NpgsqlParameter("references", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint) { Value = entries.Select(e => e.ReferenceId).ToArray() },
            new NpgsqlParameter("notes", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = entries.Select(e => e.Note).ToArray() });
    }

    /// <summary>
    /// Posts what <paramref name="sourceSql"/> selects (the columns of <see cref="Columns"/>, in order)
    /// and adds it to the caches; the due date of a new month's debt is the <paramref name="dueDay"/>
    /// of the next month. Returns the entries written.
    /// </summary>
    public static async Task<int> PostFromAsync(BillingDbContext db, string sourceSql, int dueDay, DateTimeOffset now, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var sql = string.Create(CultureInfo.InvariantCulture, $"""
            with source ({Columns}) as ({sourceSql}),
            posted as (
                insert into billing.ledger_entries ({Columns}, created_at)
                select {Columns}, @now from source where amount <> 0
                returning account_id, premises_id, supplier_id, for_period, kind, amount),
            balances as (
                insert into billing.account_balances as b (account_id, premises_id, supplier_id, balance, advance, penalties)
                select account_id, min(premises_id), min(supplier_id), sum(amount),
                       coalesce(sum(amount) filter (where for_period is null), 0),
                       coalesce(sum(amount) filter (where kind in (2, 3)), 0)
                from posted group by account_id
                on conflict (account_id) do update set
                    balance = b.balance + excluded.balance,
                    advance = b.advance + excluded.advance,
                    penalties = b.penalties + excluded.penalties
                returning 1),
            debts as (
                insert into billing.debts as d (account_id, for_period, premises_id, supplier_id, due_date, charged, open)
                select account_id, for_period, min(premises_id), min(supplier_id),
                       (for_period + interval '1 month' + make_interval(days => least(@dueDay, 28) - 1))::date,
                       coalesce(sum(amount) filter (where kind in (0, 4, 6)), 0), sum(amount)
                from posted where for_period is not null and kind in {PrincipalKinds}
                group by account_id, for_period
                on conflict (account_id, for_period) do update set
                    charged = d.charged + excluded.charged,
                    open = d.open + excluded.open
                returning 1)
            select ((select count(*) from posted) + 0 * (select count(*) from balances) + 0 * (select count(*) from debts))::int
            """);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection())
            {
                CommandTimeout = 0,
                Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(),
            };
            command.Parameters.AddRange(parameters);
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("dueDay", dueDay);
            return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Rebuilds the caches of the accounts <paramref name="accountFilterSql"/> selects from their entries: after entries were
    /// deleted (a re-run of an open period replaces what the earlier run posted).
    /// </summary>
    public static async Task RebuildAsync(BillingDbContext db, string accountFilterSql, int dueDay, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var sql = string.Create(CultureInfo.InvariantCulture, $"""
            create temporary table rebuilt on commit drop as select distinct account_id from ({accountFilterSql}) f;
            delete from billing.debts d using rebuilt r where d.account_id = r.account_id;
            delete from billing.account_balances b using rebuilt r where b.account_id = r.account_id;
            insert into billing.account_balances (account_id, premises_id, supplier_id, balance, advance, penalties)
            select l.account_id, min(l.premises_id), min(l.supplier_id), sum(l.amount),
                   coalesce(sum(l.amount) filter (where l.for_period is null), 0),
                   coalesce(sum(l.amount) filter (where l.kind in (2, 3)), 0)
            from billing.ledger_entries l join rebuilt r on r.account_id = l.account_id group by l.account_id;
            insert into billing.debts (account_id, for_period, premises_id, supplier_id, due_date, charged, open)
            select l.account_id, l.for_period, min(l.premises_id), min(l.supplier_id),
                   (l.for_period + interval '1 month' + make_interval(days => least(@dueDay, 28) - 1))::date,
                   coalesce(sum(l.amount) filter (where l.kind in (0, 4, 6)), 0), sum(l.amount)
            from billing.ledger_entries l join rebuilt r on r.account_id = l.account_id
            where l.for_period is not null and l.kind in {PrincipalKinds}
            group by l.account_id, l.for_period;
            """);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection())
            {
                CommandTimeout = 0,
                Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(),
            };
            command.Parameters.AddRange(parameters);
            command.Parameters.AddWithValue("dueDay", dueDay);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
