using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;
using Utilities.Billing.Events;
using Utilities.Platform.Auditing;
using Utilities.Platform.Messaging;
using Utilities.Platform.Time;

namespace Utilities.Billing.Periods;

/// <summary>
/// Closes a billing period: from then on its charges and bills are frozen and a run for it is
/// refused; corrections go into the next open period as reversal + new lines. Only a period with
/// a completed run and none running can be closed; closing it again changes nothing.
/// </summary>
internal sealed class ClosePeriodCommand(BillingDbContext db, IClock clock, IAuditLog audit)
{
    public async Task<string?> ExecuteAsync(DateOnly period, string closedBy, CancellationToken cancellationToken)
    {
        period = new DateOnly(period.Year, period.Month, 1);
        var text = period.ToString("MM.yyyy", CultureInfo.InvariantCulture);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var state = await db.Periods.FirstOrDefaultAsync(p => p.Period == period, cancellationToken);
        if (state?.State == PeriodStates.Closed)
            return null;
        if (await db.Runs.AnyAsync(r => r.Period == period && r.State == RunStates.Running, cancellationToken))
            return $"Расчёт периода {text} ещё идёт: закрыть можно после его окончания.";
        if (!await db.Runs.AnyAsync(r => r.Period == period && r.State == RunStates.Completed, cancellationToken))
            return $"Период {text} ещё не рассчитан: сначала выполните расчёт.";
        if (state is null)
            db.Periods.Add(state = new BillingPeriodState { Period = period, State = PeriodStates.Closed });
        state.State = PeriodStates.Closed;
        state.ClosedAt = clock.Now;
        state.ClosedBy = closedBy;
        db.Publish(new PeriodClosed(period, closedBy), clock.Now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.WriteAsync("billing.period-closed", $"period:{period:yyyy-MM}", closedBy, cancellationToken);
        return null;
    }
}
