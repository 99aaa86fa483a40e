using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Utilities.Billing;
using Utilities.Billing.Penalties;
using Utilities.Platform.Settings;
using Utilities.RepairFund.Data;

namespace Utilities.RepairFund.Charging;

/// <summary>
/// Penalties on unpaid contributions for the days of a period (Housing Code art. 155 p.14.1: 1/300
/// of the rate a day from the day after the due date, no grace and no 1/130 step), with Billing's
/// <see cref="PenaltyRule"/>: one streamed read of each month's debt with its movements in the
/// period, the rule in memory, one entry per premises written in one COPY.
/// </summary>
internal sealed class PenaltyStep(ISettings settings)
{
    public async Task AccrueAsync(RepairFundDbContext db, DateOnly period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var terms = PenaltyTerms.CapitalRepair;
        var end = period.AddMonths(1).AddDays(-1);
        var dueDay = await settings.GetAsync(BillingSettings.PaymentDueDay, period, cancellationToken);
        var rates = new Dictionary<DateOnly, decimal>();
        for (var day = period; day <= end; day = day.AddDays(1))
        {
            rates[day] = PenaltyRule.Rate(
                await settings.GetAsync(BillingSettings.PenaltyRateCapPercent, day, cancellationToken),
                await settings.GetAsync(BillingSettings.KeyRatePercent, day, cancellationToken));
        }

        var accrued = new List<(long Premises, long Building, decimal Amount)>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var command = new NpgsqlCommand("""
            with m as (
                select premises_id, for_period, min(building_id) as building_id,
                       (for_period + interval '1 month')::date + (@dueDay - 1) as due,
                       coalesce(sum(amount) filter (where entry_date < @start), 0) as opening,
                       array_agg(entry_date) filter (where entry_date >= @start) as dates,
                       array_agg(amount) filter (where entry_date >= @start) as amounts
                from repair_fund.entries
                where kind <> 4 and for_period is not null and for_period < @start and entry_date <= @end
                group by premises_id, for_period)
            select premises_id, building_id, due, opening, dates, amounts from m
            where due < @end and (opening > 0 or dates is not null)
            order by premises_id
            """, connection) { CommandTimeout = 0, Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction() })
        {
            command.Parameters.AddWithValue("dueDay", dueDay);
            command.Parameters.AddWithValue("start", period);
            command.Parameters.AddWithValue("end", end);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            long premises = 0, building = 0;
            var exact = 0m;
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                if (id != premises)
                {
                    Add(accrued, premises, building, exact);
                    (premises, building, exact) = (id, reader.GetInt64(1), 0m);
                }

                var due = reader.GetFieldValue<DateOnly>(2);
                var changes = reader.IsDBNull(4)
                    ? []
                    : reader.GetFieldValue<DateOnly[]>(4).Zip(reader.GetFieldValue<decimal[]>(5), (d, a) => new DebtChange(d, a)).ToArray();
                exact += PenaltyRule.Accrue(terms, due, reader.GetDecimal(3), changes, period, end, day => rates[day]);
            }

            Add(accrued, premises, building, exact);
        }

        if (accrued.Count == 0)
            return;
        await using var copy = await connection.BeginBinaryImportAsync(
            "copy repair_fund.entries (premises_id, building_id, kind, period, for_period, entry_date, amount, created_at) from stdin (format binary)", cancellationToken);
        foreach (var (p, b, amount) in accrued)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(p, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(b, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync((short)EntryKind.Penalty, NpgsqlDbType.Smallint, cancellationToken);
            await copy.WriteAsync(period, NpgsqlDbType.Date, cancellationToken);
            await copy.WriteAsync(period, NpgsqlDbType.Date, cancellationToken);
            await copy.WriteAsync(end, NpgsqlDbType.Date, cancellationToken);
            await copy.WriteAsync(amount, NpgsqlDbType.Numeric, cancellationToken);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    private static void Add(List<(long, long, decimal)> accrued, long premises, long building, decimal exact)
    {
        var amount = PenaltyRule.Round(exact);
        if (premises != 0 && amount > 0)
            accrued.Add((premises, building, amount));
    }
}
