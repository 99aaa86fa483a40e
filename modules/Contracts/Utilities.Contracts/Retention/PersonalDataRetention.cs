using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Utilities.Contracts.Data;
using Utilities.Platform.Auditing;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Contracts.Retention;

/// <summary>
/// Data is kept without limit while a contract is in force; once every contract of a consumer has
/// been terminated for <see cref="ContractsSettings.RetentionYears"/> years, the consumer's personal
/// data is anonymised (issue 11): name replaced, e-mail, phone, sign-in and contact history removed.
/// Accounts, readings, charges and payments stay (they are the centre's records, no longer anyone's).
/// </summary>
internal sealed class PersonalDataRetention(ContractsDbContext db, ISettings settings, IClock clock, IAuditLog audit)
{
    public const string AnonymousPrefix = "Обезличен № ";

    /// <summary>Anonymises every consumer due on <paramref name="today"/> in one statement; returns how many.</summary>
    public async Task<int> AnonymiseAsync(CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(cancellationToken);
        var years = await settings.GetAsync(ContractsSettings.RetentionYears, today, cancellationToken);
        var cutoff = today.AddYears(-years);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = await db.Database.SqlQueryRaw<long>("""
            with due as (
                select c.consumer_id from contracts.contracts c group by c.consumer_id
                having bool_and(c.terminated_on is not null) and max(c.terminated_on) < @cutoff),
            done as (
                update contracts.consumers p set full_name = @prefix || p.id, email = null, phone = null
                from due where p.id = due.consumer_id and p.full_name not like @prefix || '%'
                returning p.id)
            select id as "Value" from done
            """, new NpgsqlParameter("cutoff", cutoff), new NpgsqlParameter("prefix", AnonymousPrefix)).ToListAsync(cancellationToken);
        if (ids.Count > 0)
        {
            var array = ids.ToArray();
            await db.Database.ExecuteSqlRawAsync("""
                delete from contracts.consumer_logins where consumer_id = any(@ids);
                delete from contracts.consumer_contact_changes where consumer_id = any(@ids);
                delete from contracts.one_time_codes where consumer_id = any(@ids);
                delete from contracts.cabinet_attachments where consumer_id = any(@ids);
                """, [new NpgsqlParameter("ids", array)], cancellationToken);
            await audit.WriteAsync("consumers.anonymised", "contracts:consumers", $"{ids.Count} consumers, contracts terminated before {cutoff:yyyy-MM-dd}", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }
}

/// <summary>Runs <see cref="PersonalDataRetention"/> at start and then daily (Contracts:RetentionCheckEnabled, Contracts:RetentionCheckInterval).</summary>
internal sealed class PersonalDataRetentionService(IServiceScopeFactory scopes, ILogger<PersonalDataRetentionService> logger, IConfiguration configuration)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Contracts:RetentionCheckEnabled", true))
            return;
        var interval = configuration.GetValue("Contracts:RetentionCheckInterval", TimeSpan.FromDays(1));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var count = await scope.ServiceProvider.GetRequiredService<PersonalDataRetention>().AnonymiseAsync(stoppingToken);
                if (count > 0)
                    logger.LogInformation("{Count} consumers anonymised: their contracts ended before the retention period", count);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Anonymising consumers past the retention period failed; retrying in {Interval}", interval);
            }

            await Task.Delay(interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
