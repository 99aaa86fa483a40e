using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Utilities.Platform.Time;

namespace Utilities.Metering.Anomalies;

/// <summary>
/// Runs <see cref="AnomalyDetector.RunDueAsync"/> every <c>Metering:AnomalyCheckInterval</c> (1 h): the
/// first wake-up of a day after the data of the day before is in does the check; later ones, and
/// other hosts, find the day's run recorded and do nothing (an advisory lock keeps two hosts from
/// checking at the same time).
/// </summary>
internal sealed class AnomalyCheckService(IServiceScopeFactory scopes, IClock clock, ILogger<AnomalyCheckService> logger, IConfiguration configuration)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Metering:AnomalyCheckEnabled", true))
            return;
        var interval = configuration.GetValue("Metering:AnomalyCheckInterval", TimeSpan.FromHours(1));
        var fromHour = configuration.GetValue("Metering:AnomalyCheckFromHour", 3);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var zone = await clock.ZoneAsync(stoppingToken);
                var local = TimeZoneInfo.ConvertTime(clock.Now, zone);
                if (local.Hour >= fromHour)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var run = await scope.ServiceProvider.GetRequiredService<AnomalyDetector>()
                        .RunDueAsync(DateOnly.FromDateTime(local.DateTime), stoppingToken);
                    if (run.Opened.Count > 0)
                        logger.LogInformation("{Count} consumption anomaly alerts opened", run.Opened.Count);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The anomaly check of automated meters failed; retrying in {Interval}", interval);
            }

            await Task.Delay(interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
