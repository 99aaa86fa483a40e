using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;
using Utilities.Platform.Time;

namespace Utilities.Billing.Pages.Office.Billing;

/// <summary>Tariffs with the price history of each component and the price in force today.</summary>
internal sealed class IndexModel(BillingDbContext db, IClock clock) : PageModel
{
    public DateOnly Today { get; private set; }

    public IReadOnlyList<Tariff> Tariffs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = await clock.TodayAsync(cancellationToken);
        Tariffs = await db.Tariffs
            .Include(t => t.Versions.OrderBy(v => v.Component).ThenBy(v => v.ValidFrom))
            .OrderBy(t => t.Utility).ThenBy(t => t.Id)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }

    /// <summary>The version of a component in force today: the latest that has started.</summary>
    public TariffVersion? InForce(Tariff tariff, string component) =>
        tariff.Versions.Where(v => v.Component == component && v.ValidFrom <= Today).MaxBy(v => v.ValidFrom);
}
