using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts;
using Utilities.Platform.Modules;
using Utilities.RepairFund.Data;

namespace Utilities.RepairFund.Demo;

/// <summary>A fund for every demo building (the first on a special account) and two yearly rates.</summary>
internal sealed class RepairFundDemoData(RepairFundDbContext db, IServiceProvider services) : IDemoData
{
    public int Order => 40;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var buildings = services.GetService<IBuildingDirectory>();
        if (buildings is null || await db.Funds.AnyAsync(cancellationToken))
            return;

        var list = await buildings.ListAsync(cancellationToken);
        for (var i = 0; i < list.Count; i++)
        {
            db.Funds.Add(new Fund
            {
                BuildingId = list[i].Id,
                AccountKind = i == 0 ? "special" : "regional-operator",
                ObligationStartsOn = new DateOnly(2015, 1, 1).AddMonths(i * 8),
            });
        }

        if (!await db.ContributionRates.AnyAsync(cancellationToken))
        {
            db.ContributionRates.AddRange(
                new ContributionRate { ValidFrom = new DateOnly(2025, 1, 1), RatePerSquareMetre = 11.20m },
                new ContributionRate { ValidFrom = new DateOnly(2026, 1, 1), RatePerSquareMetre = 12.35m });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
