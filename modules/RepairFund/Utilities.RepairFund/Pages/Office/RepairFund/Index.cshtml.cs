using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts;
using Utilities.Platform.Time;
using Utilities.RepairFund.Data;

namespace Utilities.RepairFund.Pages.Office.RepairFund;

/// <summary>
/// Funds per building with the rate in force and the monthly contributions it yields
/// (premises area × regional rate per m², Housing Code art. 169).
/// </summary>
internal sealed class IndexModel(RepairFundDbContext db, IClock clock, IServiceProvider services) : PageModel
{
    public DateOnly Today { get; private set; }

    public ContributionRate? Rate { get; private set; }

    public IReadOnlyList<FundRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = await clock.TodayAsync(cancellationToken);
        Rate = await db.ContributionRates
            .Where(r => r.ValidFrom <= Today)
            .OrderByDescending(r => r.ValidFrom)
            .FirstOrDefaultAsync(cancellationToken);
        var funds = await db.Funds.OrderBy(f => f.BuildingId).ToListAsync(cancellationToken);

        // Addresses and areas are the Contracts module's; without it the list shows building ids.
        var directory = services.GetService<IBuildingDirectory>();
        var buildings = directory is null
            ? new Dictionary<long, BuildingSummary>()
            : (await directory.ListAsync(cancellationToken)).ToDictionary(b => b.Id);
        Rows = funds.Select(f =>
        {
            var building = buildings.GetValueOrDefault(f.BuildingId);
            decimal? monthly = building is null || Rate is null || f.ObligationStartsOn > Today
                ? null
                : Math.Round(building.PremisesArea * Rate.RatePerSquareMetre, 2, MidpointRounding.AwayFromZero);
            return new FundRow(f, building, monthly);
        }).ToList();
    }
}

internal sealed record FundRow(Fund Fund, BuildingSummary? Building, decimal? MonthlyContributions);
