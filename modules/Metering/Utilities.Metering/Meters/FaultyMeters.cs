using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Utilities.Metering.Data;
using Utilities.Metering.Events;
using Utilities.Platform.Messaging;
using Utilities.Platform.Time;

namespace Utilities.Metering.Meters;

/// <summary>
/// Finds meters whose verification has expired (Rules 354 п.81(12): the meter counts as faulty, its
/// readings are not used for billing), marks them and publishes one <see cref="MeterBecameFaulty"/>
/// per meter, in the same transaction: Billing estimates, Notifications tells the consumer. Running
/// it again finds nothing new.
/// </summary>
internal sealed class FaultyMeters(MeteringDbContext db, IClock clock)
{
    public const int BatchSize = 1000;

    public async Task<int> MarkExpiredAsync(CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(cancellationToken);
        var total = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var expired = await db.Meters
                .FromSql($"select * from metering.meters where verified_until < {today} and faulty_since is null and removed_on is null order by id limit {BatchSize} for update skip locked")
                .ToListAsync(cancellationToken);
            if (expired.Count == 0)
                return total;
            foreach (var meter in expired)
            {
                meter.FaultySince = meter.VerifiedUntil.AddDays(1);
                db.Publish(new MeterBecameFaulty(meter.Id, meter.AccountId, meter.BuildingId, meter.Utility, meter.Serial, meter.FaultySince.Value), clock.Now);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            total += expired.Count;
        }
    }
}

/// <summary>Runs <see cref="FaultyMeters"/> at start and then every hour (Metering:FaultyCheckInterval).</summary>
internal sealed class FaultyMetersService(IServiceScopeFactory scopes, ILogger<FaultyMetersService> logger, IConfiguration configuration)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Metering:FaultyCheckEnabled", true))
            return;
        var interval = configuration.GetValue("Metering:FaultyCheckInterval", TimeSpan.FromHours(1));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var found = await scope.ServiceProvider.GetRequiredService<FaultyMeters>().MarkExpiredAsync(stoppingToken);
                if (found > 0)
                    logger.LogInformation("{Count} meters found faulty: verification expired", found);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Checking meters for expired verification failed; retrying in {Interval}", interval);
            }

            await Task.Delay(interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
