using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Utilities.Contracts;
using Utilities.Notifications.Data;
using Utilities.Notifications.Delivery;
using Utilities.Notifications.Preferences;
using Utilities.Platform.Identity;

namespace Utilities.Notifications.Pages.Cabinet.Notifications;

/// <summary>The consumer's feed (notices at their buildings, messages sent to them) and their choice of channels per topic.</summary>
internal sealed class IndexModel(NotificationsDbContext db, IConsumerAccounts accounts, ConsumerPreferences preferences, TimeProvider time) : PageModel
{
    public static readonly TimeSpan FeedWindow = TimeSpan.FromDays(90);

    public IReadOnlyList<Notice> Notices { get; private set; } = [];

    public IReadOnlyList<(string Subject, string Body, DateTimeOffset At)> Personal { get; private set; } = [];

    public IReadOnlySet<(string Topic, string Channel)> Enabled { get; private set; } = new HashSet<(string, string)>();

    public string Language { get; private set; } = "ru";

    public bool Saved { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The choices are read from the form itself (one checkbox per topic and channel): anything but a form is refused, not saved as "all off".
        if (!Request.HasFormContentType)
            return BadRequest();
        var form = await Request.ReadFormAsync(cancellationToken);
        var consumerId = ConsumerId();
        var chosen = new HashSet<(string, string)>();
        foreach (var topic in Topics.All)
        {
            foreach (var channel in Channels.All)
            {
                if (form[$"{topic}.{channel}"] == "on")
                    chosen.Add((topic, channel));
            }
        }

        await preferences.SaveAsync(consumerId, chosen, form["language"] == "en" ? "en" : "ru", cancellationToken);
        Saved = true;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private long ConsumerId() => User.ConsumerId() ?? throw new InvalidOperationException("the consumer policies let consumers in only");

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var consumerId = ConsumerId();
        Now = time.GetUtcNow();
        var since = Now - FeedWindow;
        var buildings = (await accounts.ViewAsync(consumerId, cancellationToken)).BuildingIds.ToArray();
        Notices = await db.Notices.AsNoTracking()
            .Where(n => (n.EndedAt == null || n.EndedAt > since) && n.Buildings.Any(b => buildings.Contains(b.BuildingId)))
            .OrderByDescending(n => n.UpdatedAt).Take(50).ToListAsync(cancellationToken);
        var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        Personal = (await (from d in db.Deliveries
                           join m in db.Messages on d.MessageId equals m.Id
                           where d.ConsumerId == consumerId && m.NoticeId == null && m.CreatedAt > since
                           orderby m.Id descending
                           select new { m.Id, m.SubjectRu, m.BodyRu, m.SubjectEn, m.BodyEn, m.CreatedAt }).Take(100).ToListAsync(cancellationToken))
            .DistinctBy(m => m.Id).Take(50)
            .Select(m => english ? (m.SubjectEn, m.BodyEn, m.CreatedAt) : (m.SubjectRu, m.BodyRu, m.CreatedAt)).ToList();
        (Enabled, Language) = await preferences.GetAsync(consumerId, cancellationToken);
    }
}
