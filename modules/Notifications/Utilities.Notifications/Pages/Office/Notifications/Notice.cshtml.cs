using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Notifications.Data;
using Utilities.Notifications.Notices;
using Utilities.Notifications.Resources;
using Utilities.Platform.Settings;

namespace Utilities.Notifications.Pages.Office.Notifications;

/// <summary>One notice: its revisions with how their deliveries stand, and the forms to update or resolve it.</summary>
internal sealed class NoticeModel(NotificationsDbContext db, NoticeCommands commands, ISettings settings, IStringLocalizer<NotificationsText> text) : PageModel
{
    public Notice Notice { get; private set; } = null!;

    public IReadOnlyList<NoticeRevision> Revisions { get; private set; } = [];

    /// <summary>Per revision: deliveries by channel and state.</summary>
    public IReadOnlyList<(int Revision, string Channel, string State, int Count)> Deliveries { get; private set; } = [];

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public string? Error { get; private set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? ExpectedEndAt { get; set; }

    [BindProperty]
    public string? EndedAt { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostUpdateAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        var ends = LocalTime.Parse(ExpectedEndAt, Zone);
        if (!string.IsNullOrWhiteSpace(ExpectedEndAt) && ends is null)
            return Refused("Problem_BadTime", []);
        var result = await commands.UpdateAsync(id, new NoticeInput(Notice.Kind, Notice.Utility, Title, Reason, null, ends, null, null), User.Identity?.Name ?? "operator", cancellationToken);
        return result.Problem is { } p ? Refused(p, result.ProblemArgs) : Redirect($"/office/notifications/{id}");
    }

    public async Task<IActionResult> OnPostResolveAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        var ended = LocalTime.Parse(EndedAt, Zone);
        if (!string.IsNullOrWhiteSpace(EndedAt) && ended is null)
            return Refused("Problem_BadTime", []);
        var result = await commands.ResolveAsync(id, ended, User.Identity?.Name ?? "operator", cancellationToken);
        return result.Problem is { } p ? Refused(p, result.ProblemArgs) : Redirect($"/office/notifications/{id}");
    }

    private PageResult Refused(string problem, object[] args)
    {
        Error = text[problem, args];
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        Zone = TimeZoneInfo.FindSystemTimeZoneById(await settings.GetCurrentAsync(PlatformSettings.TimeZone, cancellationToken));
        var notice = await db.Notices.AsNoTracking().Include(n => n.Buildings).FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (notice is null)
            return false;
        Notice = notice;
        Title ??= notice.Title;
        Reason ??= notice.Reason;
        ExpectedEndAt ??= LocalTime.Input(notice.ExpectedEndAt, Zone);
        Revisions = await db.Revisions.AsNoTracking().Where(r => r.NoticeId == id).OrderByDescending(r => r.Revision).ToListAsync(cancellationToken);
        var counts = await (from d in db.Deliveries
                            join m in db.Messages on d.MessageId equals m.Id
                            where m.NoticeId == id
                            group d by new { m.Source, d.Channel, d.State } into g
                            select new { g.Key.Source, g.Key.Channel, g.Key.State, Count = g.Count() }).ToListAsync(cancellationToken);
        Deliveries = counts.Select(c => (int.Parse(c.Source[(c.Source.LastIndexOf('r') + 1)..], System.Globalization.CultureInfo.InvariantCulture), c.Channel, c.State, c.Count))
            .OrderByDescending(c => c.Item1).ThenBy(c => c.Channel).ThenBy(c => c.State).ToList();
        return true;
    }
}
