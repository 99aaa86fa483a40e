using Microsoft.EntityFrameworkCore;
using Npgsql;
using Utilities.Billing.Data;

namespace Utilities.Billing.Bills;

/// <summary>
/// A premises' ledger as its bill of a period shows it: what is due (every month up to this one and
/// the advance; months after it — later instalment parts, a later period already charged — are not
/// due with this bill), the payments since the period began, the penalties accrued in it and the
/// instalment parts due with it.
/// </summary>
/// <param name="CountedUpTo">The day of the latest payment counted.</param>
internal sealed record BillLedger(decimal Due, decimal Payments, decimal Penalties, decimal InstalmentDue, DateOnly? CountedUpTo)
{
    /// <summary>In three indexed reads per chunk of premises: balances, this period's entries, later months and instalments.</summary>
    public static async Task<Dictionary<long, BillLedger>> ReadAsync(BillingDbContext db, DateOnly period, long[] premisesIds, CancellationToken cancellationToken)
    {
        var balances = await db.AccountBalances.AsNoTracking().Where(b => premisesIds.Contains(b.PremisesId))
            .GroupBy(b => b.PremisesId).Select(g => new { g.Key, Balance = g.Sum(b => b.Balance) })
            .ToDictionaryAsync(b => b.Key, b => b.Balance, cancellationToken);
        var result = new Dictionary<long, BillLedger>(balances.Count);
        if (balances.Count == 0)
            return result;
        var recent = new Dictionary<long, (decimal Paid, decimal Penalties, DateOnly? Last)>();
        var instalments = new Dictionary<long, (decimal Future, decimal DueNow)>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using (var command = new NpgsqlCommand("""
                select premises_id,
                       coalesce(-sum(amount) filter (where kind in (1, 3, 7)), 0),
                       coalesce(sum(amount) filter (where kind = 2 and for_period = @period), 0),
                       max(entry_date) filter (where kind in (1, 3, 7))
                from billing.ledger_entries where premises_id = any(@ids) and entry_date >= @period
                group by premises_id
                """, connection))
            {
                command.Parameters.AddWithValue("ids", premisesIds);
                command.Parameters.AddWithValue("period", period);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    recent[reader.GetInt64(0)] = (reader.GetDecimal(1), reader.GetDecimal(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3));
            }

            await using (var command = new NpgsqlCommand("""
                select premises_id, coalesce(sum(open), 0), 0::numeric
                from billing.debts where premises_id = any(@ids) and for_period > @period and owing
                group by premises_id
                union all
                select premises_id, 0::numeric, coalesce(sum(amount), 0)
                from billing.ledger_entries where premises_id = any(@ids) and kind = 6 and for_period = @period and amount > 0
                group by premises_id
                union all
                -- Penalties of later periods (and their payments): dated after this period, not due with its bill.
                select premises_id, coalesce(sum(amount), 0), 0::numeric
                from billing.ledger_entries where premises_id = any(@ids) and entry_date > @periodEnd and kind in (2, 3) and for_period > @period
                group by premises_id
                """, connection))
            {
                command.Parameters.AddWithValue("ids", premisesIds);
                command.Parameters.AddWithValue("period", period);
                command.Parameters.AddWithValue("periodEnd", period.AddMonths(1).AddDays(-1));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var (future, dueNow) = instalments.GetValueOrDefault(reader.GetInt64(0));
                    instalments[reader.GetInt64(0)] = (future + reader.GetDecimal(1), dueNow + reader.GetDecimal(2));
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        foreach (var (premisesId, balance) in balances)
        {
            var (paid, penalties, last) = recent.GetValueOrDefault(premisesId);
            var (future, dueNow) = instalments.GetValueOrDefault(premisesId);
            result[premisesId] = new BillLedger(balance - future, paid, penalties, dueNow, last);
        }

        return result;
    }
}
