using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts;
using Utilities.Platform.Modules;
using Utilities.RepairFund.Data;

namespace Utilities.RepairFund.Demo;

/// <summary>
/// A fund for every demo building (the first on a special account with its own bank details), two
/// yearly rates, and a programme of works per building; the second building (regional operator)
/// has already paid a contractor for its roof survey.
/// </summary>
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
            var special = i == 0;
            db.Funds.Add(new Fund
            {
                BuildingId = list[i].Id,
                AccountKind = special ? Fund.Special : Fund.RegionalOperator,
                ObligationStartsOn = new DateOnly(2015, 1, 1).AddMonths(i * 8),
                PayeeName = special ? "ТСЖ «Ленина, 5» (специальный счёт капремонта)" : null,
                PayeeInn = special ? "6950123456" : null,
                PayeeKpp = special ? "695001001" : null,
                BankName = special ? "ПАО Сбербанк" : null,
                Bic = special ? "042809679" : null,
                CorrespondentAccount = special ? "30101810700000000679" : null,
                SettlementAccount = special ? "40705810363000001234" : null,
            });
            db.Works.Add(new Work { BuildingId = list[i].Id, Kind = "roof", PlannedYear = 2027 + i, EstimatedCost = 4_800_000m + i * 250_000m, Status = "planned", DecisionRef = $"Протокол ОСС № {i + 1} от 12.03.2025", CreatedAt = DateTimeOffset.UtcNow });
            db.Works.Add(new Work { BuildingId = list[i].Id, Kind = "lift", PlannedYear = 2029 + i, EstimatedCost = 3_200_000m, Status = "planned", CreatedAt = DateTimeOffset.UtcNow });
        }

        if (!await db.ContributionRates.AnyAsync(cancellationToken))
        {
            db.ContributionRates.AddRange(
                new ContributionRate { ValidFrom = new DateOnly(2025, 1, 1), RatePerSquareMetre = 11.20m },
                new ContributionRate { ValidFrom = new DateOnly(2026, 1, 1), RatePerSquareMetre = 12.35m });
        }

        await db.SaveChangesAsync(cancellationToken);
        if (list.Count > 1)
        {
            var survey = new Work { BuildingId = list[1].Id, Kind = "facade", PlannedYear = 2026, EstimatedCost = 150_000m, Status = "done", Contractor = "ООО «СтройЭкспертиза»", CreatedAt = DateTimeOffset.UtcNow };
            db.Works.Add(survey);
            await db.SaveChangesAsync(cancellationToken);
            db.Spending.Add(new Spending { WorkId = survey.Id, BuildingId = list[1].Id, SpentOn = new DateOnly(2026, 6, 10), Amount = 145_000m, Document = "Акт № 17 от 10.06.2026", RecordedBy = "demo", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
