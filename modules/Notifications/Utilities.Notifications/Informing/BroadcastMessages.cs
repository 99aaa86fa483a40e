using Microsoft.EntityFrameworkCore;
using Utilities.Contracts;
using Utilities.Notifications.Data;
using Utilities.Notifications.Delivery;
using Utilities.Platform.Settings;

namespace Utilities.Notifications.Informing;

/// <summary>One message to every holder of an open account (bill ready, reading reminder): the same set-based fan-out as a notice.</summary>
internal static class BroadcastMessages
{
    public static async Task<int> QueueAsync(NotificationsDbContext db, IAffectedAccounts affected, ISettings settings, Texts texts, string source, string topic, Bilingual content, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await settings.GetCurrentAsync(PlatformSettings.TimeZone, cancellationToken));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var id = await DeliveryQueue.MessageAsync(db, texts.Message(source, topic, content, now), cancellationToken);
        await DeliveryQueue.StageAsync(db, affected.StreamAsync(null, null, today, cancellationToken), cancellationToken);
        return await DeliveryQueue.QueueStagedAsync(db, id, topic, now, cancellationToken);
    }

    public static Task<bool> ExistsAsync(NotificationsDbContext db, string source, CancellationToken cancellationToken) =>
        db.Messages.AnyAsync(m => m.Source == source, cancellationToken);
}
