using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;
using Utilities.Contracts;
using Utilities.Platform.Api;

namespace Utilities.Billing.OData;

/// <summary>How Billing's entity sets narrow an API client's view to its data scope (ADR 23).</summary>
internal static class BillingScope
{
    public static IQueryable<Tariff> InScope(this IQueryable<Tariff> tariffs, ApiDataScope scope) =>
        tariffs.Where(t => (scope.SupplierId == null || t.SupplierId == scope.SupplierId) && (scope.Utility == null || t.Utility == scope.Utility));

    public static IQueryable<ChargeLineRow> InScope(this IQueryable<ChargeLineRow> lines, ApiDataScope scope) =>
        lines.Where(l => (scope.SupplierId == null || l.SupplierId == scope.SupplierId) && (scope.Utility == null || l.Utility == scope.Utility));

    /// <summary>
    /// The accounts of a scope bound to a service: ledger rows name the supplier, not the service, so Contracts
    /// says which accounts are the service's; null when the scope names no service. Without Contracts: none.
    /// </summary>
    public static async Task<long[]?> UtilityAccountsAsync(IServiceProvider services, ApiDataScope scope, CancellationToken cancellationToken) =>
        scope.Utility is null ? null
        : services.GetService(typeof(IAccountDirectory)) is IAccountDirectory directory ? await directory.AccountIdsAsync(scope.SupplierId, scope.Utility, cancellationToken)
        : [];
}

/// <summary>A charge line of a billing run (reversals and recalculations included, see <see cref="ReversesId"/>).</summary>
internal sealed class ChargeRecord
{
    public long Id { get; init; }

    public long RunId { get; init; }

    /// <summary>The month the line is posted (and billed) in.</summary>
    public DateOnly Period { get; init; }

    /// <summary>The month the consumption belongs to (earlier for a recalculation).</summary>
    public DateOnly ForPeriod { get; init; }

    public long AccountId { get; init; }

    public long PremisesId { get; init; }

    public long SupplierId { get; init; }

    public required string Utility { get; init; }

    public long? TariffId { get; init; }

    public required string Component { get; init; }

    public string? Register { get; init; }

    public decimal Volume { get; init; }

    public required string Unit { get; init; }

    public decimal Price { get; init; }

    public decimal Amount { get; init; }

    public long? ReversesId { get; init; }

    public string? Reason { get; init; }
}

internal sealed class BillRecord
{
    public long Id { get; init; }

    public DateOnly Period { get; init; }

    public long PremisesId { get; init; }

    public required string Number { get; init; }

    public decimal TotalDue { get; init; }

    public bool IsFinal { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class PaymentRecord
{
    public long Id { get; init; }

    /// <summary><c>online</c>, <c>kiosk</c>, <c>office</c> or <c>registry</c>.</summary>
    public required string Channel { get; init; }

    /// <summary><c>bill</c> or <c>repair-fund</c>.</summary>
    public required string Target { get; init; }

    public long PremisesId { get; init; }

    public long? AccountId { get; init; }

    public DateOnly? ForPeriod { get; init; }

    public decimal Amount { get; init; }

    public DateOnly PaidOn { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public decimal RepairFundShare { get; init; }

    public decimal Advance { get; init; }

    public string? ReceiptNumber { get; init; }

    public long? RegistryId { get; init; }
}

/// <summary>What part of a payment went to which account and month (null month: an advance).</summary>
internal sealed class PaymentAllocationRecord
{
    public long Id { get; init; }

    public long PaymentId { get; init; }

    public long AccountId { get; init; }

    public long PremisesId { get; init; }

    public long SupplierId { get; init; }

    public DateOnly? ForPeriod { get; init; }

    public DateOnly PaidOn { get; init; }

    /// <summary><c>principal</c>, <c>penalty</c> or <c>advance</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Positive: what the payment paid.</summary>
    public decimal Amount { get; init; }
}

/// <summary>An account's balance now: positive is owed, negative an advance.</summary>
internal sealed class BalanceRecord
{
    /// <summary>The account's id (one balance per account).</summary>
    public long Id { get; init; }

    public long PremisesId { get; init; }

    public long SupplierId { get; init; }

    public decimal Balance { get; init; }

    public decimal Advance { get; init; }

    public decimal Penalties { get; init; }
}

internal sealed class ChargesController(BillingDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<ChargeRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<ChargeRecord> Get(long key) => SingleResult.Create(Query().Where(c => c.Id == key));

    private IQueryable<ChargeRecord> Query() => db.ChargeLines.AsNoTracking().InScope(ApiDataScope.Of(User))
        .Select(l => new ChargeRecord
        {
            Id = l.Id, RunId = l.RunId, Period = l.Period, ForPeriod = l.ForPeriod, AccountId = l.AccountId, PremisesId = l.PremisesId,
            SupplierId = l.SupplierId, Utility = l.Utility, TariffId = l.TariffId, Component = l.Component, Register = l.Register,
            Volume = l.Volume, Unit = l.Unit, Price = l.Price, Amount = l.Amount, ReversesId = l.ReversesId, Reason = l.Reason,
        });
}

internal sealed class BillsController(BillingDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<BillRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<BillRecord> Get(long key) => SingleResult.Create(Query().Where(b => b.Id == key));

    // A bill covers every supplier of the premises: a scoped client sees none.
    private IQueryable<BillRecord> Query()
    {
        var all = ApiDataScope.Of(User).IsAll;
        return db.Bills.AsNoTracking().Where(_ => all).Select(b => new BillRecord { Id = b.Id, Period = b.Period, PremisesId = b.PremisesId, Number = b.Number, TotalDue = b.TotalDue, IsFinal = b.IsFinal, CreatedAt = b.CreatedAt });
    }
}

internal sealed class PaymentsController(BillingDbContext db) : ODataController
{
    [ApiQuery]
    public IQueryable<PaymentRecord> Get() => Query();

    [ApiQuery]
    public SingleResult<PaymentRecord> Get(long key) => SingleResult.Create(Query().Where(p => p.Id == key));

    // A payment is split over the premises' suppliers: a scoped client sees its part in PaymentAllocations.
    private IQueryable<PaymentRecord> Query()
    {
        var all = ApiDataScope.Of(User).IsAll;
        return db.Payments.AsNoTracking().Where(_ => all).Select(p => new PaymentRecord
        {
            Id = p.Id, Channel = p.Channel, Target = p.Target, PremisesId = p.PremisesId, AccountId = p.AccountId, ForPeriod = p.ForPeriod, Amount = p.Amount,
            PaidOn = p.PaidOn, ReceivedAt = p.ReceivedAt, RepairFundShare = p.RepairFundShare, Advance = p.Advance, ReceiptNumber = p.ReceiptNumber,
            RegistryId = p.RegistryId,
        });
    }
}

internal sealed class PaymentAllocationsController(BillingDbContext db, IServiceProvider services) : ODataController
{
    [ApiQuery]
    public async Task<IQueryable<PaymentAllocationRecord>> Get(CancellationToken cancellationToken) => await QueryAsync(cancellationToken);

    [ApiQuery]
    public async Task<SingleResult<PaymentAllocationRecord>> Get(long key, CancellationToken cancellationToken) =>
        SingleResult.Create((await QueryAsync(cancellationToken)).Where(a => a.Id == key));

    private async Task<IQueryable<PaymentAllocationRecord>> QueryAsync(CancellationToken cancellationToken)
    {
        var scope = ApiDataScope.Of(User);
        var entries = db.LedgerEntries.AsNoTracking()
            .Where(e => e.PaymentId != null && (e.Kind == LedgerKind.Payment || e.Kind == LedgerKind.PenaltyPayment || e.Kind == LedgerKind.Advance));
        if (scope.SupplierId is { } supplier)
            entries = entries.Where(e => e.SupplierId == supplier);
        if (await BillingScope.UtilityAccountsAsync(services, scope, cancellationToken) is { } accounts)
            entries = entries.Where(e => accounts.Contains(e.AccountId));
        return entries.Select(e => new PaymentAllocationRecord
        {
            Id = e.Id, PaymentId = e.PaymentId!.Value, AccountId = e.AccountId, PremisesId = e.PremisesId, SupplierId = e.SupplierId, ForPeriod = e.ForPeriod,
            PaidOn = e.EntryDate, Kind = e.Kind == LedgerKind.Payment ? "principal" : e.Kind == LedgerKind.PenaltyPayment ? "penalty" : "advance", Amount = -e.Amount,
        });
    }
}

internal sealed class BalancesController(BillingDbContext db, IServiceProvider services) : ODataController
{
    [ApiQuery]
    public async Task<IQueryable<BalanceRecord>> Get(CancellationToken cancellationToken) => await QueryAsync(cancellationToken);

    [ApiQuery]
    public async Task<SingleResult<BalanceRecord>> Get(long key, CancellationToken cancellationToken) =>
        SingleResult.Create((await QueryAsync(cancellationToken)).Where(b => b.Id == key));

    private async Task<IQueryable<BalanceRecord>> QueryAsync(CancellationToken cancellationToken)
    {
        var scope = ApiDataScope.Of(User);
        var balances = db.AccountBalances.AsNoTracking();
        if (scope.SupplierId is { } supplier)
            balances = balances.Where(b => b.SupplierId == supplier);
        if (await BillingScope.UtilityAccountsAsync(services, scope, cancellationToken) is { } accounts)
            balances = balances.Where(b => accounts.Contains(b.AccountId));
        return balances.Select(b => new BalanceRecord
        {
            Id = b.AccountId, PremisesId = b.PremisesId, SupplierId = b.SupplierId, Balance = b.Balance, Advance = b.Advance, Penalties = b.Penalties,
        });
    }
}
