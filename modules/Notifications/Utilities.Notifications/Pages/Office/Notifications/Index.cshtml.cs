using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Utilities.Notifications.Data;

namespace Utilities.Notifications.Pages.Office.Notifications;

/// <summary>Notices, newest first, with how many buildings each affects and whether it is planned, on or over.</summary>
internal sealed class IndexModel(NotificationsDbContext db, TimeProvider time) : PageModel
{
    public DateTimeOffset Now { get; private set; }

    public IReadOnlyList<NoticeRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        Rows = await db.Notices
            .OrderByDescending(n => n.StartsAt)
            .Take(200)
            .Select(n => new NoticeRow(n.Id, n.Kind, n.Utility, n.Title, n.Reason, n.StartsAt, n.ExpectedEndAt, n.EndedAt, n.Buildings.Count))
            .ToListAsync(cancellationToken);
    }

    public string State(NoticeRow n) =>
        n.EndedAt is { } ended && ended <= Now ? "ended" : n.StartsAt > Now ? "planned" : "active";
}

internal sealed record NoticeRow(
    long Id,
    NoticeKind Kind,
    string? Utility,
    string Title,
    string Reason,
    DateTimeOffset StartsAt,
    DateTimeOffset? ExpectedEndAt,
    DateTimeOffset? EndedAt,
    int Buildings);
