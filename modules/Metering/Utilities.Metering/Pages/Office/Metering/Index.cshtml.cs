using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts;
using Utilities.Metering.Data;
using Utilities.Platform.Time;

namespace Utilities.Metering.Pages.Office.Metering;

/// <summary>
/// The meter registry with each register's last accepted reading; "expiring" narrows it to meters
/// whose verification ends within the warning period (or has ended): the preventive-work list.
/// </summary>
internal sealed class IndexModel(MeteringDbContext db, IClock clock, Utilities.Platform.Settings.ISettings settings, IServiceProvider services) : PageModel
{
    private const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public bool Expiring { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public DateOnly Today { get; private set; }

    public DateOnly WarnBefore { get; private set; }

    public int Total { get; private set; }

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public IReadOnlyList<MeterRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = await clock.TodayAsync(cancellationToken);
        WarnBefore = Today.AddDays(await settings.GetCurrentAsync(MeteringSettings.VerificationWarningDays, cancellationToken));

        var meters = db.Meters.Where(m => m.RemovedOn == null);
        if (Expiring)
            meters = meters.Where(m => m.VerifiedUntil <= WarnBefore);
        Total = await meters.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        var page = await meters
            .OrderBy(m => m.VerifiedUntil).ThenBy(m => m.Serial)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .ToListAsync(cancellationToken);

        var ids = page.Select(m => m.Id).ToList();
        var latest = await db.Readings
            .Where(r => ids.Contains(r.MeterId) && r.Status == "accepted")
            .GroupBy(r => new { r.MeterId, r.Register })
            .Select(g => g.OrderByDescending(r => r.TakenAt).First())
            .ToListAsync(cancellationToken);

        // Account numbers come from Contracts when it is switched on; the registry works without it.
        var accountIds = page.Where(m => m.AccountId != null).Select(m => m.AccountId!.Value).ToList();
        var directory = services.GetService<IAccountDirectory>();
        var accounts = directory is null ? new Dictionary<long, AccountSummary>() : await directory.FindAsync(accountIds, cancellationToken);

        Rows = page.Select(m => new MeterRow(
            m,
            m.AccountId is { } a && accounts.TryGetValue(a, out var account) ? account : null,
            latest.Where(r => r.MeterId == m.Id).OrderBy(r => r.Register).ToList())).ToList();
    }
}

internal sealed record MeterRow(Meter Meter, AccountSummary? Account, IReadOnlyList<Reading> LastReadings);
