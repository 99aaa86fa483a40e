using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Utilities.Notifications.Data;
using Utilities.Notifications.Delivery;

namespace Utilities.Notifications.Pages.Office.Notifications;

/// <summary>How delivery stands: per message (newest first) the deliveries by state, and the latest failures (addresses masked).</summary>
internal sealed class DeliveriesModel(NotificationsDbContext db) : PageModel
{
    public IReadOnlyList<MessageStatus> Messages { get; private set; } = [];

    public IReadOnlyList<FailedDelivery> Failures { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var messages = await db.Messages.AsNoTracking().OrderByDescending(m => m.Id).Take(50)
            .Select(m => new { m.Id, m.Source, m.Topic, m.SubjectRu, m.CreatedAt }).ToListAsync(cancellationToken);
        var ids = messages.Select(m => m.Id).ToList();
        var counts = await db.Deliveries.Where(d => ids.Contains(d.MessageId)).GroupBy(d => new { d.MessageId, d.State })
            .Select(g => new { g.Key.MessageId, g.Key.State, Count = g.Count() }).ToListAsync(cancellationToken);
        Messages = messages.Select(m => new MessageStatus(m.Source, m.Topic, m.SubjectRu, m.CreatedAt,
            counts.Where(c => c.MessageId == m.Id).ToDictionary(c => c.State, c => c.Count))).ToList();
        Failures = (await db.Deliveries.AsNoTracking().Where(d => d.State == DeliveryStates.Failed || d.LastError != null)
                .OrderByDescending(d => d.Id).Take(100).ToListAsync(cancellationToken))
            .Select(d => new FailedDelivery(d.Id, d.Channel, MessageSender.Mask(d.Address), d.State, d.Attempts, d.NextAttemptAt, d.LastError)).ToList();
    }
}

internal sealed record MessageStatus(string Source, string Topic, string Subject, DateTimeOffset CreatedAt, IReadOnlyDictionary<string, int> ByState)
{
    public int Of(string state) => ByState.GetValueOrDefault(state);
}

internal sealed record FailedDelivery(long Id, string Channel, string Recipient, string State, int Attempts, DateTimeOffset NextAttemptAt, string? Error);
