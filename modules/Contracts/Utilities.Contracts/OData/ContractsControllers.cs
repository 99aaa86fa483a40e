using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;
using Utilities.Contracts.Data;
using Utilities.Platform.Api;

namespace Utilities.Contracts.OData;

// Read-only entity sets; the host requires an API key with scope contracts:read for each.

internal sealed class OrganisationsController(ContractsDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<OrganisationRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<OrganisationRecord> Get(long key) => SingleResult.Create(Query().Where(o => o.Id == key));

    private IQueryable<OrganisationRecord> Query() => db.Organisations.AsNoTracking()
        .Select(o => new OrganisationRecord { Id = o.Id, Kind = o.Kind, Name = o.Name, Inn = o.Inn, Kpp = o.Kpp });
}

internal sealed class BuildingsController(ContractsDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<BuildingRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<BuildingRecord> Get(long key) => SingleResult.Create(Query().Where(b => b.Id == key));

    private IQueryable<BuildingRecord> Query() => db.Buildings.AsNoTracking()
        .Select(b => new BuildingRecord { Id = b.Id, Address = b.Address, TotalArea = b.TotalArea, Floors = b.Floors, HasHeatMeter = b.HasHeatMeter });
}

internal sealed class PremisesController(ContractsDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<PremisesRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<PremisesRecord> Get(long key) => SingleResult.Create(Query().Where(p => p.Id == key));

    private IQueryable<PremisesRecord> Query() => db.Premises.AsNoTracking()
        .Select(p => new PremisesRecord
        {
            Id = p.Id, BuildingId = p.BuildingId, Number = p.Number, Area = p.Area, Rooms = p.Rooms, Residents = p.Residents, PayerCode = p.PayerCode,
        });
}

internal sealed class ContractsController(ContractsDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<ContractRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<ContractRecord> Get(long key) => SingleResult.Create(Query().Where(c => c.Id == key));

    private IQueryable<ContractRecord> Query() => db.Contracts.AsNoTracking()
        .Select(c => new ContractRecord
        {
            Id = c.Id, Number = c.Number, PremisesId = c.PremisesId, ConcludedOn = c.ConcludedOn, TerminatedOn = c.TerminatedOn, Deemed = c.Deemed,
        });
}

internal sealed class AccountsController(ContractsDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<AccountRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<AccountRecord> Get(long key) => SingleResult.Create(Query().Where(a => a.Id == key));

    private IQueryable<AccountRecord> Query() => db.Accounts.AsNoTracking()
        .Select(a => new AccountRecord
        {
            Id = a.Id, Number = a.Number, ContractId = a.ContractId, PremisesId = a.PremisesId, Utility = a.Utility,
            SupplierId = a.SupplierId, OpenedOn = a.OpenedOn, ClosedOn = a.ClosedOn,
        });
}
