using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Utilities.Contracts;
using Utilities.Notifications.Data;
using Utilities.Notifications.Notices;

namespace Utilities.Notifications.Pages.Outages;

/// <summary>The public page (no sign-in): outages and planned works going on or coming, for the address typed (or all).</summary>
[AllowAnonymous]
internal sealed class IndexModel(NotificationsDbContext db, IBuildingDirectory buildings, TimeProvider time) : PageModel
{
    public const int MaxShown = 200;

    [BindProperty(SupportsGet = true, Name = "address")]
    public string? Address { get; set; }

    public IReadOnlyList<(Notice Notice, IReadOnlyList<string> Addresses)> Rows { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        var all = await buildings.ListAsync(cancellationToken);
        var matching = string.IsNullOrWhiteSpace(Address) ? null : AddressMatch.Filter(all, Address).Select(b => b.Id).ToArray();
        var query = db.Notices.AsNoTracking().Include(n => n.Buildings)
            .Where(n => (n.Kind == NoticeKind.Outage || n.Kind == NoticeKind.PlannedWork) && (n.EndedAt == null || n.EndedAt > Now));
        if (matching is not null)
            query = query.Where(n => n.Buildings.Any(b => matching.Contains(b.BuildingId)));
        var notices = await query.OrderBy(n => n.StartsAt).Take(MaxShown).ToListAsync(cancellationToken);
        var names = all.ToDictionary(b => b.Id, b => b.Address);
        Rows = notices.Select(n => (n, (IReadOnlyList<string>)n.Buildings.Select(b => names.GetValueOrDefault(b.BuildingId)).OfType<string>().Order().ToList())).ToList();
    }
}
