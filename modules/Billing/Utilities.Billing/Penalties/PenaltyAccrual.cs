using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Utilities.Billing.Data;
using Utilities.Billing.Ledger;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Billing.Penalties;

/// <summary>
/// Penalties of a run's period (Housing Code art. 155 p.14, <see cref="PenaltyRule"/>): for each
/// month's debt past its grace days by the period's end, the penalty for the period's days on the
/// amount unpaid each day, as the ledger tells it (principal entries dated before the day). One
/// streamed read of the candidate debts with their movements in the period, the rule in memory,
/// one Penalty entry per account (rounded once) written in bulk: never a query per account.
/// </summary>
internal sealed class PenaltyAccrual(ISettings settings, IClock clock) : IRunLedgerStep
{
    private const int WriteChunk = 20_000;

    public int Order => 10;

    public async Task ExecuteAsync(BillingDbContext db, BillingRun run, CancellationToken cancellationToken)
    {
        var terms = PenaltyTerms.Housing;
        var start = run.Period;
        var end = start.AddMonths(1).AddDays(-1);
        var dueDay = await settings.GetAsync(BillingSettings.PaymentDueDay, start, cancellationToken);
        var rates = new Dictionary<DateOnly, decimal>();
        foreach (var day in Enumerable.Range(0, end.Day).Select(start.AddDays))
        {
            rates[day] = PenaltyRule.Rate(
                await settings.GetAsync(BillingSettings.PenaltyRateCapPercent, day, cancellationToken),
                await settings.GetAsync(BillingSettings.KeyRatePercent, day, cancellationToken));
        }

        var entries = new List<NewLedgerEntry>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // Candidates: debts open now or moved since the period began, whose first penalty day (due + grace + 1) is by the period's end.
            await using var command = new NpgsqlCommand($"""
                with candidates as (
                    select account_id, for_period from billing.debts where owing and due_date <= @lastDue
                    union
                    select l.account_id, l.for_period from billing.ledger_entries l
                    join billing.debts d on d.account_id = l.account_id and d.for_period = l.for_period and d.due_date <= @lastDue
                    where l.entry_date >= @start and l.kind in {LedgerWriter.PrincipalKinds} and l.for_period is not null)
                select d.account_id, d.premises_id, d.supplier_id, d.due_date,
                       coalesce(sum(l.amount) filter (where l.entry_date < @start), 0),
                       array_agg(l.entry_date) filter (where l.entry_date between @start and @end),
                       array_agg(l.amount) filter (where l.entry_date between @start and @end)
                from candidates c
                join billing.debts d on d.account_id = c.account_id and d.for_period = c.for_period
                join billing.ledger_entries l on l.account_id = c.account_id and l.for_period = c.for_period and l.kind in {LedgerWriter.PrincipalKinds}
                where l.entry_date <= @end
                group by d.account_id, d.for_period, d.premises_id, d.supplier_id, d.due_date
                order by d.account_id
                """, (NpgsqlConnection)db.Database.GetDbConnection())
            {
                CommandTimeout = 0,
                Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(),
            };
            command.Parameters.AddWithValue("start", start);
            command.Parameters.AddWithValue("end", end);
            command.Parameters.AddWithValue("lastDue", end.AddDays(-(terms.GraceDays + 1)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            long account = 0, premises = 0, supplier = 0;
            var exact = 0m;
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                if (id != account)
                {
                    Add(entries, run, account, premises, supplier, exact, end);
                    (account, premises, supplier, exact) = (id, reader.GetInt64(1), reader.GetInt64(2), 0m);
                }

                var due = reader.GetFieldValue<DateOnly>(3);
                var opening = reader.GetDecimal(4);
                var changes = reader.IsDBNull(5)
                    ? []
                    : reader.GetFieldValue<DateOnly[]>(5).Zip(reader.GetFieldValue<decimal[]>(6), (d, a) => new DebtChange(d, a)).ToArray();
                exact += PenaltyRule.Accrue(terms, due, opening, changes, start, end, day => rates[day]);
            }

            Add(entries, run, account, premises, supplier, exact, end);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        foreach (var chunk in entries.Chunk(WriteChunk))
            await LedgerWriter.PostAsync(db, chunk, dueDay, clock.Now, cancellationToken);
    }

    private static void Add(List<NewLedgerEntry> entries, BillingRun run, long account, long premises, long supplier, decimal exact, DateOnly end)
    {
        var amount = PenaltyRule.Round(exact);
        if (account != 0 && amount > 0)
            entries.Add(new NewLedgerEntry(account, premises, supplier, run.Period, end, LedgerKind.Penalty, amount, RunId: run.Id, Note: "пени, ст. 155 ч. 14 ЖК РФ"));
    }
}
