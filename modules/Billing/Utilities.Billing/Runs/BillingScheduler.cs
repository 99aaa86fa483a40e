using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;
using Utilities.Billing.Periods;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Billing.Runs;

/// <summary>
/// The run's schedule (bills go out with no operator action): every minute it takes over runs a
/// dead host left (their lease ran out), and from <see cref="BillingSettings.RunDay"/> of a month
/// on it runs the previous month once, then closes it when
/// <see cref="BillingSettings.CloseAfterScheduledRun"/> says so. Leases keep two hosts apart.
/// </summary>
internal sealed class BillingScheduler(IServiceScopeFactory scopes, BillingRunner runner, IClock clock, IConfiguration configuration, ILogger<BillingScheduler> logger)
    : BackgroundService
{
    public const string ScheduledBy = "schedule";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Billing:SchedulerEnabled", true))
            return;
        var interval = configuration.GetValue("Billing:SchedulerInterval", TimeSpan.FromMinutes(1));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runner.ResumeAbandonedAsync(stoppingToken);
                await RunDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The billing schedule failed; retrying in {Interval}", interval);
            }

            await Task.Delay(interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Runs and closes the previous month when its day has come and it has no completed run yet.</summary>
    public async Task<bool> RunDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<ISettings>();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        var today = await clock.TodayAsync(cancellationToken);
        var runDay = await settings.GetAsync(BillingSettings.RunDay, today, cancellationToken);
        if (runDay == 0 || today.Day < runDay)
            return false;
        var period = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        if (await db.Periods.AnyAsync(p => p.Period == period && p.State == PeriodStates.Closed, cancellationToken)
            || await db.Runs.AnyAsync(r => r.Period == period && r.State != RunStates.Failed, cancellationToken))
            return false;
        var start = await runner.StartAsync(period, ScheduledBy, cancellationToken);
        if (start.RunId is not { } runId || start.AlreadyRunning)
            return false;
        await runner.ExecuteAsync(runId, null, cancellationToken);
        if (await settings.GetAsync(BillingSettings.CloseAfterScheduledRun, today, cancellationToken))
            await scope.ServiceProvider.GetRequiredService<ClosePeriodCommand>().ExecuteAsync(period, ScheduledBy, cancellationToken);
        return true;
    }
}
