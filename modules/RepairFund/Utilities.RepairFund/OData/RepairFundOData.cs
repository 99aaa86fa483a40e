using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;
using Microsoft.OData.ModelBuilder;
using Utilities.Platform.Api;
using Utilities.RepairFund.Data;

namespace Utilities.RepairFund.OData;

// A client bound to a supplier or a service (ADR 23) sees none of these sets: the fund is the owners', not a supplier's.

/// <summary>What integrators see of this module: funds, rates, the contributions ledger, works and spending (no names of owners).</summary>
internal static class RepairFundODataModel
{
    public const string Namespace = "Utilities.RepairFund";

    public static void Add(ODataConventionModelBuilder builder)
    {
        builder.AddEntitySet<FundRecord>(Namespace, "Funds", "Fund");
        builder.AddEntitySet<ContributionRateRecord>(Namespace, "ContributionRates", "ContributionRate");
        builder.AddEntitySet<ContributionRecord>(Namespace, "Contributions", "Contribution");
        builder.AddEntitySet<WorkRecord>(Namespace, "Works", "Work");
        builder.AddEntitySet<SpendingRecord>(Namespace, "Spending", "SpendingItem");
    }
}

internal sealed class FundRecord
{
    public long Id { get; init; }

    public long BuildingId { get; init; }

    /// <summary><c>special</c> (the building's own account) or <c>regional-operator</c>.</summary>
    public required string AccountKind { get; init; }

    public DateOnly ObligationStartsOn { get; init; }

    public DateOnly? InDisrepairFrom { get; init; }
}

internal sealed class ContributionRateRecord
{
    public long Id { get; init; }

    public DateOnly ValidFrom { get; init; }

    public decimal RatePerSquareMetre { get; init; }
}

/// <summary>One entry of the contributions ledger: <c>charge</c>, <c>recalculation</c>, <c>payment</c>, <c>advance-applied</c> or <c>penalty</c>.</summary>
internal sealed class ContributionRecord
{
    public long Id { get; init; }

    public long PremisesId { get; init; }

    public long BuildingId { get; init; }

    public required string Kind { get; init; }

    public DateOnly Period { get; init; }

    public DateOnly? ForPeriod { get; init; }

    public DateOnly EntryDate { get; init; }

    public decimal Amount { get; init; }

    public decimal? Rate { get; init; }

    public decimal? Area { get; init; }
}

internal sealed class WorkRecord
{
    public long Id { get; init; }

    public long BuildingId { get; init; }

    public required string Kind { get; init; }

    public int PlannedYear { get; init; }

    public decimal EstimatedCost { get; init; }

    public required string Status { get; init; }

    public string? Contractor { get; init; }

    public string? DecisionRef { get; init; }
}

internal sealed class SpendingRecord
{
    public long Id { get; init; }

    public long WorkId { get; init; }

    public long BuildingId { get; init; }

    public DateOnly SpentOn { get; init; }

    public decimal Amount { get; init; }

    public required string Document { get; init; }
}

internal sealed class FundsController(RepairFundDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<FundRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<FundRecord> Get(long key) => SingleResult.Create(Query().Where(f => f.Id == key));

    private IQueryable<FundRecord> Query() => db.Funds.AsNoTracking().Where(_ => ApiDataScope.Of(User).IsAll)
        .Select(f => new FundRecord { Id = f.Id, BuildingId = f.BuildingId, AccountKind = f.AccountKind, ObligationStartsOn = f.ObligationStartsOn, InDisrepairFrom = f.InDisrepairFrom });
}

internal sealed class ContributionRatesController(RepairFundDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<ContributionRateRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<ContributionRateRecord> Get(long key) => SingleResult.Create(Query().Where(r => r.Id == key));

    private IQueryable<ContributionRateRecord> Query() => db.ContributionRates.AsNoTracking().Where(_ => ApiDataScope.Of(User).IsAll)
        .Select(r => new ContributionRateRecord { Id = r.Id, ValidFrom = r.ValidFrom, RatePerSquareMetre = r.RatePerSquareMetre });
}

internal sealed class ContributionsController(RepairFundDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<ContributionRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<ContributionRecord> Get(long key) => SingleResult.Create(Query().Where(r => r.Id == key));

    private IQueryable<ContributionRecord> Query() => db.Entries.AsNoTracking().Where(_ => ApiDataScope.Of(User).IsAll)
        .Select(e => new ContributionRecord
        {
            Id = e.Id,
            PremisesId = e.PremisesId,
            BuildingId = e.BuildingId,
            Kind = e.Kind == EntryKind.Charge ? "charge"
                : e.Kind == EntryKind.Recalculation ? "recalculation"
                : e.Kind == EntryKind.Payment ? "payment"
                : e.Kind == EntryKind.AdvanceApplied ? "advance-applied"
                : "penalty",
            Period = e.Period,
            ForPeriod = e.ForPeriod,
            EntryDate = e.EntryDate,
            Amount = e.Amount,
            Rate = e.Rate,
            Area = e.Area,
        });
}

internal sealed class WorksController(RepairFundDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<WorkRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<WorkRecord> Get(long key) => SingleResult.Create(Query().Where(w => w.Id == key));

    private IQueryable<WorkRecord> Query() => db.Works.AsNoTracking().Where(_ => ApiDataScope.Of(User).IsAll)
        .Select(w => new WorkRecord
        {
            Id = w.Id, BuildingId = w.BuildingId, Kind = w.Kind, PlannedYear = w.PlannedYear, EstimatedCost = w.EstimatedCost,
            Status = w.Status, Contractor = w.Contractor, DecisionRef = w.DecisionRef,
        });
}

internal sealed class SpendingController(RepairFundDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<SpendingRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<SpendingRecord> Get(long key) => SingleResult.Create(Query().Where(s => s.Id == key));

    private IQueryable<SpendingRecord> Query() => db.Spending.AsNoTracking().Where(_ => ApiDataScope.Of(User).IsAll)
        .Select(s => new SpendingRecord { Id = s.Id, WorkId = s.WorkId, BuildingId = s.BuildingId, SpentOn = s.SpentOn, Amount = s.Amount, Document = s.Document });
}
