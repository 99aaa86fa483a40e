using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Utilities.Billing.Data;
using Utilities.Notifications;

namespace Utilities.Billing.Runs;

/// <summary>
/// The run's reductions for interrupted services (domain.md, Rules 354 Appendix 1): for each
/// account with hours over the permitted limits in the period (<see cref="IInterruptionQuery"/>,
/// one read), the service's own charge of the period is reduced by 0.15 % per hour over the limit
/// (at most the whole charge), as one negative line with its reason. One INSERT … SELECT over the
/// run's lines, replacing what an earlier attempt of the same run wrote (a resumed run posts it once).
/// </summary>
internal static class InterruptionReductions
{
    /// <summary>0.15 % per hour over the limit.</summary>
    public const decimal PerHour = 0.0015m;

    public static async Task<(long Lines, decimal Amount)> ApplyAsync(BillingDbContext db, BillingRun run, IInterruptionQuery? interruptions, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"delete from billing.charge_lines where period = {run.Period} and run_id = {run.Id} and kind = {(short)ChargeKind.InterruptionReduction}", cancellationToken);
        if (interruptions is null)
            return (0, 0m);
        var over = await interruptions.OverLimitAsync(run.Period, cancellationToken);
        if (over.Count == 0)
            return (0, 0m);
        var end = run.Period.AddMonths(1).AddDays(-1);
        // Inside the caller's transaction: its connection is open.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand($"""
            with h as (select * from unnest(@accounts, @utilities, @hours, @events, @totals) as h(account_id, utility, hours, events, total_hours)),
            c as (
                select l.account_id, l.utility, min(l.premises_id) as premises_id, min(l.supplier_id) as supplier_id, sum(l.amount) as charged
                from billing.charge_lines l join h on h.account_id = l.account_id and h.utility = l.utility
                where l.period = @period and l.for_period = @period and l.kind = {(short)ChargeKind.Charge}
                group by l.account_id, l.utility
                having sum(l.amount) > 0)
            insert into billing.charge_lines (run_id, period, for_period, account_id, premises_id, supplier_id, utility, tariff_id, kind,
                component, register, basis, volume, unit, price, amount, line_from, line_to, reason, explanation_ru, explanation_en)
            select @run, @period, @period, c.account_id, c.premises_id, c.supplier_id, c.utility, null, {(short)ChargeKind.InterruptionReduction},
                'interruption', null, 0, h.hours, 'h', -@rate * 100, -least(round(c.charged * @rate * h.hours, 2), c.charged), @period, @end,
                'Перерывы в предоставлении услуги сверх допустимой продолжительности: ' || to_char(h.hours, 'FM999990.00') || ' ч (прил. 1 к Правилам 354)',
                'Снижение платы: ' || to_char(h.hours, 'FM999990.00') || ' ч сверх допустимого × 0,15 % от ' || to_char(c.charged, 'FM999999990.00') || ' ₽ ('
                    || h.events || ' перерыв(а), всего ' || to_char(h.total_hours, 'FM999990.00') || ' ч)',
                'Reduction: ' || to_char(h.hours, 'FM999990.00') || ' h over the limit × 0.15 % of ' || to_char(c.charged, 'FM999999990.00') || ' RUB ('
                    || h.events || ' interruption(s), ' || to_char(h.total_hours, 'FM999990.00') || ' h in total)'
            from c join h on h.account_id = c.account_id and h.utility = c.utility
            returning amount
            """, connection);
        command.Parameters.AddWithValue("accounts", over.Select(o => o.AccountId).ToArray());
        command.Parameters.AddWithValue("utilities", over.Select(o => o.Utility).ToArray());
        command.Parameters.AddWithValue("hours", over.Select(o => o.Hours).ToArray());
        command.Parameters.AddWithValue("events", over.Select(o => o.Events).ToArray());
        command.Parameters.AddWithValue("totals", over.Select(o => o.TotalHours).ToArray());
        command.Parameters.AddWithValue("period", run.Period);
        command.Parameters.AddWithValue("end", end);
        command.Parameters.AddWithValue("run", run.Id);
        command.Parameters.AddWithValue("rate", PerHour);
        command.Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        long lines = 0;
        var amount = 0m;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines++;
            amount += reader.GetDecimal(0);
        }

        return (lines, amount);
    }
}
