using Microsoft.EntityFrameworkCore;
using Utilities.Platform.Time;
using Utilities.RepairFund.Data;
using Utilities.RepairFund.Statements;

namespace Utilities.RepairFund.Works;

internal sealed record NewWork(long BuildingId, string Kind, int PlannedYear, decimal EstimatedCost, string? Contractor, string? DecisionRef);

internal sealed record NewSpending(long WorkId, DateOnly SpentOn, decimal Amount, string Document, string RecordedBy);

/// <summary>
/// The capital repair programme of buildings: planned works and spending against them. A refusal is
/// a resource key (and its arguments) and writes nothing; a special-account fund never spends more
/// than it holds (issue 8: the building's own bank account cannot go below zero; the regional operator's pot can).
/// </summary>
internal sealed class WorkCommands(RepairFundDbContext db, FundStatement statement, IClock clock)
{
    public static readonly string[] Kinds = ["roof", "lift", "facade", "engineering", "basement", "foundation"];

    public static readonly string[] Statuses = ["planned", "contracted", "in-progress", "done", "cancelled"];

    public const decimal MaxAmount = 10_000_000_000m;

    public async Task<(long? Id, string? Problem, object[] Args)> AddWorkAsync(NewWork work, CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(cancellationToken);
        if (!await db.Funds.AnyAsync(f => f.BuildingId == work.BuildingId, cancellationToken))
            return (null, "Problem_NoFund", []);
        if (!Kinds.Contains(work.Kind))
            return (null, "Problem_WorkKind", []);
        if (work.PlannedYear < today.Year - 50 || work.PlannedYear > today.Year + 50)
            return (null, "Problem_WorkYear", []);
        if (work.EstimatedCost <= 0 || work.EstimatedCost > MaxAmount || decimal.Round(work.EstimatedCost, 2) != work.EstimatedCost)
            return (null, "Problem_Amount", []);
        if (work.Contractor?.Length > 300 || work.DecisionRef?.Length > 200)
            return (null, "Problem_TooLong", []);
        var entity = new Work
        {
            BuildingId = work.BuildingId,
            Kind = work.Kind,
            PlannedYear = work.PlannedYear,
            EstimatedCost = work.EstimatedCost,
            Status = "planned",
            Contractor = string.IsNullOrWhiteSpace(work.Contractor) ? null : work.Contractor.Trim(),
            DecisionRef = string.IsNullOrWhiteSpace(work.DecisionRef) ? null : work.DecisionRef.Trim(),
            CreatedAt = clock.Now,
        };
        db.Works.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return (entity.Id, null, []);
    }

    public async Task<string?> SetStatusAsync(long workId, string status, CancellationToken cancellationToken)
    {
        if (!Statuses.Contains(status))
            return "Problem_WorkStatus";
        var work = await db.Works.FirstOrDefaultAsync(w => w.Id == workId, cancellationToken);
        if (work is null)
            return "Problem_NoWork";
        work.Status = status;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<(long? Id, string? Problem, object[] Args)> SpendAsync(NewSpending spending, CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(cancellationToken);
        if (spending.Amount <= 0 || spending.Amount > MaxAmount || decimal.Round(spending.Amount, 2) != spending.Amount)
            return (null, "Problem_Amount", []);
        if (spending.SpentOn > today || spending.SpentOn < today.AddYears(-5))
            return (null, "Problem_SpentOn", []);
        if (string.IsNullOrWhiteSpace(spending.Document) || spending.Document.Length > 200)
            return (null, "Problem_Document", []);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var work = await db.Works.AsNoTracking().FirstOrDefaultAsync(w => w.Id == spending.WorkId, cancellationToken);
        if (work is null)
            return (null, "Problem_NoWork", []);
        if (work.Status == "cancelled")
            return (null, "Problem_WorkCancelled", []);
        // The fund's row locked: two spendings of one fund are checked one after the other.
        var fund = await db.Funds.FromSql($"select * from repair_fund.funds where building_id = {work.BuildingId} for update").AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (fund is null)
            return (null, "Problem_NoFund", []);
        if (fund.IsSpecial)
        {
            var balance = await statement.BalanceAsync(fund.BuildingId, cancellationToken);
            if (spending.Amount > balance)
                return (null, "Problem_Overspend", [spending.Amount.ToString("N2", Ru), Math.Max(0, balance).ToString("N2", Ru)]);
        }

        var entity = new Spending
        {
            WorkId = work.Id,
            BuildingId = work.BuildingId,
            SpentOn = spending.SpentOn,
            Amount = spending.Amount,
            Document = spending.Document.Trim(),
            RecordedBy = spending.RecordedBy,
            CreatedAt = clock.Now,
        };
        db.Spending.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (entity.Id, null, []);
    }

    private static readonly System.Globalization.CultureInfo Ru = System.Globalization.CultureInfo.GetCultureInfo("ru-RU");
}
