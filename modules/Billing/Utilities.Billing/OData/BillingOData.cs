using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;
using Microsoft.OData.ModelBuilder;
using Utilities.Billing.Data;
using Utilities.Platform.Api;

namespace Utilities.Billing.OData;

/// <summary>
/// What integrators see of this module (read-only): tariffs and their effective-dated prices, charge lines,
/// bills, payments, how payments were allocated to accounts, and balances. A client bound to a supplier
/// and/or a service (ADR 23) sees its rows only; bills and payments cover every supplier of the premises,
/// so they are empty for it (it sees its share through PaymentAllocations).
/// </summary>
internal static class BillingODataModel
{
    public const string Namespace = "Utilities.Billing";

    public static void Add(ODataConventionModelBuilder builder)
    {
        builder.AddEntitySet<TariffRecord>(Namespace, "Tariffs", "Tariff");
        builder.AddEntitySet<TariffVersionRecord>(Namespace, "TariffVersions", "TariffVersion");
        builder.AddEntitySet<ChargeRecord>(Namespace, "Charges", "Charge");
        builder.AddEntitySet<BillRecord>(Namespace, "Bills", "Bill");
        builder.AddEntitySet<PaymentRecord>(Namespace, "Payments", "Payment");
        builder.AddEntitySet<PaymentAllocationRecord>(Namespace, "PaymentAllocations", "PaymentAllocation");
        builder.AddEntitySet<BalanceRecord>(Namespace, "Balances", "Balance");
    }
}

internal sealed class TariffRecord
{
    public long Id { get; init; }

    public required string Utility { get; init; }

    public long SupplierId { get; init; }

    public required string Name { get; init; }

    /// <summary>Prices of the tariff; sent only with <c>$expand=Versions</c>.</summary>
    public IList<TariffVersionRecord> Versions { get; init; } = [];
}

internal sealed class TariffVersionRecord
{
    public long Id { get; init; }

    public long TariffId { get; init; }

    public DateOnly ValidFrom { get; init; }

    public required string Component { get; init; }

    public decimal Price { get; init; }

    public required string Unit { get; init; }

    /// <summary>The tariff of this price; sent only with <c>$expand=Tariff</c>.</summary>
    public TariffRecord? Tariff { get; init; }
}

internal sealed class TariffsController(BillingDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<TariffRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<TariffRecord> Get(long key) => SingleResult.Create(Query().Where(t => t.Id == key));

    private IQueryable<TariffRecord> Query() => db.Tariffs.AsNoTracking().InScope(ApiDataScope.Of(User))
        .Select(t => new TariffRecord
        {
            Id = t.Id, Utility = t.Utility, SupplierId = t.SupplierId, Name = t.Name,
            Versions = t.Versions
                .Select(v => new TariffVersionRecord
                {
                    Id = v.Id, TariffId = v.TariffId, ValidFrom = v.ValidFrom, Component = v.Component, Price = v.Price, Unit = v.Unit,
                })
                .ToList(),
        });
}

internal sealed class TariffVersionsController(BillingDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<TariffVersionRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<TariffVersionRecord> Get(long key) => SingleResult.Create(Query().Where(v => v.Id == key));

    private IQueryable<TariffVersionRecord> Query() => db.TariffVersions.AsNoTracking()
        .Where(v => db.Tariffs.InScope(ApiDataScope.Of(User)).Any(t => t.Id == v.TariffId))
        .Select(v => new TariffVersionRecord
        {
            Id = v.Id, TariffId = v.TariffId, ValidFrom = v.ValidFrom, Component = v.Component, Price = v.Price, Unit = v.Unit,
            Tariff = db.Tariffs
                .Where(t => t.Id == v.TariffId)
                .Select(t => new TariffRecord { Id = t.Id, Utility = t.Utility, SupplierId = t.SupplierId, Name = t.Name })
                .FirstOrDefault(),
        });
}
