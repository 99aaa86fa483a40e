using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;
using Utilities.Contracts.Data;
using Utilities.Platform.Api;

namespace Utilities.Contracts.OData;

// Read-only entity sets; the host requires an API key with scope contracts:read for each. A client bound to a
// supplier and/or a service (ADR 23) sees its accounts and only the contracts, premises, buildings and
// organisations they belong to.

internal static class ContractsScope
{
    public static IQueryable<PersonalAccount> InScope(this IQueryable<PersonalAccount> accounts, ApiDataScope scope) =>
        accounts.Where(a => (scope.SupplierId == null || a.SupplierId == scope.SupplierId) && (scope.Utility == null || a.Utility == scope.Utility));
}

internal sealed class OrganisationsController(ContractsDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<OrganisationRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<OrganisationRecord> Get(long key) => SingleResult.Create(Query().Where(o => o.Id == key));

    private IQueryable<OrganisationRecord> Query()
    {
        var scope = ApiDataScope.Of(User);
        var organisations = db.Organisations.AsNoTracking();
        if (!scope.IsAll)
            organisations = organisations.Where(o => db.Accounts.InScope(scope).Any(a => a.SupplierId == o.Id));
        return organisations.Select(o => new OrganisationRecord { Id = o.Id, Kind = o.Kind, Name = o.Name, Inn = o.Inn, Kpp = o.Kpp });
    }
}

internal sealed class BuildingsController(ContractsDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<BuildingRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<BuildingRecord> Get(long key) => SingleResult.Create(Query().Where(b => b.Id == key));

    private IQueryable<BuildingRecord> Query()
    {
        var scope = ApiDataScope.Of(User);
        var buildings = db.Buildings.AsNoTracking();
        if (!scope.IsAll)
            buildings = buildings.Where(b => db.Premises.Any(p => p.BuildingId == b.Id && db.Accounts.InScope(scope).Any(a => a.PremisesId == p.Id)));
        return buildings.Select(b => new BuildingRecord { Id = b.Id, Address = b.Address, TotalArea = b.TotalArea, Floors = b.Floors, HasHeatMeter = b.HasHeatMeter });
    }
}

internal sealed class PremisesController(ContractsDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<PremisesRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<PremisesRecord> Get(long key) => SingleResult.Create(Query().Where(p => p.Id == key));

    private IQueryable<PremisesRecord> Query()
    {
        var scope = ApiDataScope.Of(User);
        var premises = db.Premises.AsNoTracking();
        if (!scope.IsAll)
            premises = premises.Where(p => db.Accounts.InScope(scope).Any(a => a.PremisesId == p.Id));
        return premises.Select(p => new PremisesRecord
        {
            Id = p.Id, BuildingId = p.BuildingId, Number = p.Number, Area = p.Area, Rooms = p.Rooms, Residents = p.Residents, PayerCode = p.PayerCode,
        });
    }
}

internal sealed class ContractsController(ContractsDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<ContractRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<ContractRecord> Get(long key) => SingleResult.Create(Query().Where(c => c.Id == key));

    private IQueryable<ContractRecord> Query()
    {
        var scope = ApiDataScope.Of(User);
        var contracts = db.Contracts.AsNoTracking();
        if (!scope.IsAll)
            contracts = contracts.Where(c => db.Accounts.InScope(scope).Any(a => a.ContractId == c.Id));
        return contracts.Select(c => new ContractRecord
        {
            Id = c.Id, Number = c.Number, PremisesId = c.PremisesId, ConcludedOn = c.ConcludedOn, TerminatedOn = c.TerminatedOn, Deemed = c.Deemed,
        });
    }
}

internal sealed class AccountsController(ContractsDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<AccountRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<AccountRecord> Get(long key) => SingleResult.Create(Query().Where(a => a.Id == key));

    private IQueryable<AccountRecord> Query() => db.Accounts.AsNoTracking().InScope(ApiDataScope.Of(User))
        .Select(a => new AccountRecord
        {
            Id = a.Id, Number = a.Number, ContractId = a.ContractId, PremisesId = a.PremisesId, Utility = a.Utility,
            SupplierId = a.SupplierId, OpenedOn = a.OpenedOn, ClosedOn = a.ClosedOn,
        });
}
