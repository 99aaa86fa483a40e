using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Utilities.Contracts;
using Utilities.Metering;
using Utilities.Notifications.Data;
using Utilities.Notifications.Delivery;
using Utilities.Platform.Settings;

namespace Utilities.Notifications.Informing;

/// <summary>
/// Reading-window reminders (domain.md: from the 20th until the deadline day, both settings): once
/// a month, on the first check inside the window, every holder of an open account is reminded.
/// Checked hourly; the message's unique source makes it once per month across hosts.
/// <c>Notifications:ReadingRemindersEnabled</c> switches it off (tests do).
/// </summary>
internal sealed partial class ReadingReminders(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<ReadingReminders> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Notifications:ReadingRemindersEnabled", true))
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
            {
                LogFailed(e);
            }

            await Task.Delay(Interval, time, stoppingToken);
        }
    }

    /// <summary>Queues this month's reminder if today is inside the window and it was not queued yet; true when queued now.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var settings = services.GetRequiredService<ISettings>();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await settings.GetCurrentAsync(PlatformSettings.TimeZone, cancellationToken));
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var from = await settings.GetAsync(NotificationSettings.ReadingReminderDay, today, cancellationToken);
        var deadline = await settings.GetAsync(MeteringSettings.ReadingDeadlineDay, today, cancellationToken);
        if (today.Day < from || today.Day > Math.Max(from, deadline))
            return false;
        var db = services.GetRequiredService<NotificationsDbContext>();
        var source = $"reading-window-{today:yyyy-MM}";
        if (await BroadcastMessages.ExistsAsync(db, source, cancellationToken))
            return false;
        var texts = services.GetRequiredService<Texts>();
        var last = new DateOnly(today.Year, today.Month, Math.Min(Math.Max(from, deadline), DateTime.DaysInMonth(today.Year, today.Month)));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var queued = await BroadcastMessages.QueueAsync(db, services.GetRequiredService<IAffectedAccounts>(), settings, texts, source, Delivery.Topics.Reading,
            texts.Both("ReadingWindow_Subject", [today.ToString("MM.yyyy", CultureInfo.InvariantCulture)], "ReadingWindow_Text", [last.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)]), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogQueued(queued, source);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading reminders queued: {Count} deliveries ({Source})")]
    private partial void LogQueued(int count, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading reminders could not be queued; tried again in an hour")]
    private partial void LogFailed(Exception exception);
}
