using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Utilities.Billing.Runs;

/// <summary>
/// Runs started from the back office, executed one after another off the request: the page answers
/// at once and shows the progress. A run cut short by shutdown keeps its cursor and lease; the
/// scheduler (or another host) resumes it once the lease has run out.
/// </summary>
internal sealed class RunQueue(BillingRunner runner, ILogger<RunQueue> logger) : BackgroundService
{
    private readonly Channel<long> runs = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a run this process opened with <see cref="BillingRunner.StartAsync"/> (so holds its lease).</summary>
    public void Enqueue(long runId)
    {
        if (!runs.Writer.TryWrite(runId))
            throw new InvalidOperationException("the billing run queue is closed");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var runId in runs.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await runner.ExecuteAsync(runId, null, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The runner has marked the run failed with the error: the page shows it; the queue goes on.
                logger.LogDebug(e, "Billing run {RunId} from the queue failed", runId);
            }
        }
    }
}
