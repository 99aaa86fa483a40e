using Utilities.Notifications.Data;
using Utilities.Notifications.Delivery;

namespace Utilities.Notifications.Informing;

/// <summary>A message to one consumer (a debt, a reading, a contract), queued in the caller's transaction through their preferences.</summary>
internal static class PersonalMessages
{
    public static async Task QueueAsync(NotificationsDbContext db, Texts texts, string source, string topic, Bilingual content, long consumerId, string? email, string? phone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (email is null && phone is null)
            return;
        var id = await DeliveryQueue.MessageAsync(db, texts.Message(source, topic, content, now), cancellationToken);
        await DeliveryQueue.QueueAsync(db, id, topic, consumerId, email, phone, now, cancellationToken);
    }
}
