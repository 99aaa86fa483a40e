using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing.Data;
using Utilities.Contracts;

namespace Utilities.Billing.Payments;

/// <summary>A premises the signed-in consumer may pay for, with what its accounts owe now.</summary>
/// <param name="Balance">Σ of the premises' account balances: positive is owed, negative an advance.</param>
/// <param name="RepairFundDue">The capital-repair contributions a bill payment is shared with (regional operator's buildings; ADR 20).</param>
internal sealed record PayablePremises(long PremisesId, string Address, string PremisesNumber, string PayerCode, decimal Balance, decimal RepairFundDue = 0)
{
    /// <summary>
    /// What the pay form offers: the services' debt and the contributions the payment is split with (paying it clears
    /// both), or nothing when nothing is owed (the consumer may still pay in advance).
    /// </summary>
    public decimal Due => (Balance > 0 ? Balance : 0) + RepairFundDue;
}

/// <summary>
/// The premises of a consumer's cabinet (<see cref="IConsumerAccounts"/>) for the pay forms of the
/// cabinet and the kiosk. Any premises not in the cabinet is "not found": the pages answer 404.
/// </summary>
internal sealed class ConsumerPremises(BillingDbContext db, IServiceProvider services)
{
    public async Task<IReadOnlyList<PayablePremises>> ListAsync(long consumerId, CancellationToken cancellationToken)
    {
        if (services.GetService<IConsumerAccounts>() is not { } cabinet || services.GetService<IPaymentReferences>() is not { } references)
            return [];
        var view = await cabinet.ViewAsync(consumerId, cancellationToken);
        var premises = view.Accounts.GroupBy(a => a.PremisesId).Select(g => g.OrderBy(a => a.ClosedOn is null ? 0 : 1).ThenBy(a => a.Id).First()).ToList();
        if (premises.Count == 0)
            return [];
        // The cabinet's accounts carry their premises' payer code; only a view without it asks Contracts again.
        var missing = premises.Where(a => a.PayerCode is null).Select(a => a.Number).ToList();
        var resolved = missing.Count == 0 ? null : await references.ResolveAsync(missing, cancellationToken);
        string? PayerCode(AccountSummary a) => a.PayerCode ?? (resolved?.TryGetValue(a.Number, out var r) == true ? r.PayerCode : null);
        var ids = premises.Select(a => a.PremisesId).ToList();
        var balances = await db.AccountBalances.AsNoTracking().Where(b => ids.Contains(b.PremisesId))
            .GroupBy(b => b.PremisesId).Select(g => new { g.Key, Balance = g.Sum(b => b.Balance) })
            .ToDictionaryAsync(x => x.Key, x => x.Balance, cancellationToken);
        var fund = services.GetService<RepairFund.IRepairFundDues>() is { } dues
            ? (await dues.OpenDuesAsync(ids, cancellationToken)).ToDictionary(d => d.Key, d => d.Value.Sum(x => Math.Max(0, x.Open)))
            : [];
        return premises.Where(a => PayerCode(a) is not null)
            .Select(a => new PayablePremises(a.PremisesId, a.BuildingAddress, a.PremisesNumber, PayerCode(a)!, balances.GetValueOrDefault(a.PremisesId),
                fund.GetValueOrDefault(a.PremisesId)))
            .ToList();
    }

    public async Task<PayablePremises?> FindAsync(long consumerId, long premisesId, CancellationToken cancellationToken) =>
        (await ListAsync(consumerId, cancellationToken)).FirstOrDefault(p => p.PremisesId == premisesId);

    /// <summary>What the premises' accounts owe now (after a payment: the balance the consumer sees change).</summary>
    public async Task<decimal> BalanceAsync(long premisesId, CancellationToken cancellationToken) =>
        await db.AccountBalances.AsNoTracking().Where(b => b.PremisesId == premisesId).SumAsync(b => b.Balance, cancellationToken);
}
