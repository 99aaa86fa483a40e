using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;
using Utilities.Billing.Periods;

namespace Utilities.Billing.Runs;

internal sealed class BillingRuns(BillingRunner runner, BillingDbContext db, ClosePeriodCommand close) : IBillingRuns
{
    public async Task<BillingRunResult> RunAsync(DateOnly period, string startedBy, IProgress<BillingRunProgress>? progress, CancellationToken cancellationToken)
    {
        var start = await runner.StartAsync(period, startedBy, cancellationToken);
        if (start.RunId is not { } runId)
            return new BillingRunResult(null, start.Error, 0, 0, 0m, 0, 0);
        if (start.AlreadyRunning)
        {
            // Its host may have died: wait for the lease to run out and take the run over; a live host keeps renewing it.
            var until = DateTime.UtcNow + runner.Lease + TimeSpan.FromSeconds(5);
            while (DateTime.UtcNow < until && await db.Runs.AsNoTracking().AnyAsync(r => r.Id == runId && r.State == RunStates.Running, cancellationToken))
            {
                if (await runner.ResumeAbandonedAsync(cancellationToken) > 0)
                    break;
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
        else
        {
            var relay = progress is null ? null : new Relay(r => progress.Report(new BillingRunProgress(r.Id, r.Stage, r.AccountsDone, r.AccountsTotal, r.Lines)));
            try
            {
                await runner.ExecuteAsync(runId, relay, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The runner logged it and marked the run failed with the reason: the caller gets that, not a stack trace.
            }
        }

        var run = await db.Runs.AsNoTracking().FirstAsync(r => r.Id == runId, cancellationToken);
        var error = run.State switch
        {
            RunStates.Completed => null,
            RunStates.Running => "Этот период сейчас рассчитывает другой сервер; дождитесь окончания.",
            _ => "Расчёт не удался: " + run.Error,
        };
        return new BillingRunResult(run.Id, error, run.AccountsDone, run.Lines, run.Amount, run.Bills, run.Problems,
            run.ChargesAt - run.StartedAt, run.FinishedAt - run.StartedAt);
    }

    public Task<string?> CloseAsync(DateOnly period, string closedBy, CancellationToken cancellationToken) =>
        close.ExecuteAsync(period, closedBy, cancellationToken);

    /// <summary>Reports on the run's own thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Relay(Action<BillingRun> report) : IProgress<BillingRun>
    {
        public void Report(BillingRun value) => report(value);
    }
}
