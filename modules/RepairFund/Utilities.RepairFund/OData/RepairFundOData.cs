using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;
using Microsoft.OData.ModelBuilder;
using Utilities.Platform.Api;
using Utilities.RepairFund.Data;

namespace Utilities.RepairFund.OData;

/// <summary>What integrators see of this module: the funds of buildings and the regional contribution rates.</summary>
internal static class RepairFundODataModel
{
    public const string Namespace = "Utilities.RepairFund";

    public static void Add(ODataConventionModelBuilder builder)
    {
        builder.AddEntitySet<FundRecord>(Namespace, "RepairFunds", "RepairFund");
        builder.AddEntitySet<ContributionRateRecord>(Namespace, "ContributionRates", "ContributionRate");
    }
}

internal sealed class FundRecord
{
    public long Id { get; init; }

    public long BuildingId { get; init; }

    /// <summary><c>special</c> (the building's own account) or <c>regional-operator</c>.</summary>
    public required string AccountKind { get; init; }

    public DateOnly ObligationStartsOn { get; init; }
}

internal sealed class ContributionRateRecord
{
    public long Id { get; init; }

    public DateOnly ValidFrom { get; init; }

    public decimal RatePerSquareMetre { get; init; }
}

internal sealed class RepairFundsController(RepairFundDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<FundRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<FundRecord> Get(long key) => SingleResult.Create(Query().Where(f => f.Id == key));

    private IQueryable<FundRecord> Query() => db.Funds.AsNoTracking()
        .Select(f => new FundRecord { Id = f.Id, BuildingId = f.BuildingId, AccountKind = f.AccountKind, ObligationStartsOn = f.ObligationStartsOn });
}

internal sealed class ContributionRatesController(RepairFundDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<ContributionRateRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<ContributionRateRecord> Get(long key) => SingleResult.Create(Query().Where(r => r.Id == key));

    private IQueryable<ContributionRateRecord> Query() => db.ContributionRates.AsNoTracking()
        .Select(r => new ContributionRateRecord { Id = r.Id, ValidFrom = r.ValidFrom, RatePerSquareMetre = r.RatePerSquareMetre });
}
