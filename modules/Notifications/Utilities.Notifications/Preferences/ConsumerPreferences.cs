using Microsoft.EntityFrameworkCore;
using Utilities.Notifications.Data;
using Utilities.Notifications.Delivery;

namespace Utilities.Notifications.Preferences;

/// <summary>A consumer's choice of channels per topic and of the language of messages; defaults where none is stored.</summary>
internal sealed class ConsumerPreferences(NotificationsDbContext db)
{
    public async Task<(IReadOnlySet<(string Topic, string Channel)> Enabled, string Language)> GetAsync(long consumerId, CancellationToken cancellationToken)
    {
        var stored = await db.Preferences.AsNoTracking().Where(p => p.ConsumerId == consumerId).ToListAsync(cancellationToken);
        var enabled = new HashSet<(string, string)>();
        foreach (var topic in Topics.All)
        {
            foreach (var channel in Channels.All)
            {
                var row = stored.FirstOrDefault(p => p.Topic == topic && p.Channel == channel);
                if (row?.Enabled ?? Topics.DefaultEnabled(topic, channel))
                    enabled.Add((topic, channel));
            }
        }

        var language = await db.Languages.AsNoTracking().Where(l => l.ConsumerId == consumerId).Select(l => l.Language).FirstOrDefaultAsync(cancellationToken) ?? "ru";
        return (enabled, language);
    }

    /// <summary>Stores every topic × channel (what is not in <paramref name="enabled"/> is off) and the language.</summary>
    public async Task SaveAsync(long consumerId, IReadOnlySet<(string Topic, string Channel)> enabled, string language, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Preferences.Where(p => p.ConsumerId == consumerId).ExecuteDeleteAsync(cancellationToken);
        foreach (var topic in Topics.All)
        {
            foreach (var channel in Channels.All)
                db.Preferences.Add(new Preference { ConsumerId = consumerId, Topic = topic, Channel = channel, Enabled = enabled.Contains((topic, channel)) });
        }

        await db.Languages.Where(l => l.ConsumerId == consumerId).ExecuteDeleteAsync(cancellationToken);
        db.Languages.Add(new ConsumerLanguage { ConsumerId = consumerId, Language = language == "en" ? "en" : "ru" });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
