using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;
using Utilities.Contracts;

namespace Utilities.Billing.Instalments;

/// <summary>An offer as the cabinet shows it, with its schedule once accepted.</summary>
internal sealed record InstalmentView(InstalmentOffer Offer, AccountSummary Account, IReadOnlyList<(DateOnly Month, decimal Amount)> Schedule);

/// <summary>The instalment offers of the accounts in a consumer's cabinet (<see cref="IConsumerAccounts"/>); no one else's.</summary>
internal sealed class ConsumerInstalments(BillingDbContext db)
{
    public async Task<IReadOnlyList<InstalmentView>> ListAsync(CabinetView view, CancellationToken cancellationToken)
    {
        var accounts = view.Accounts.ToDictionary(a => a.Id);
        var ids = accounts.Keys.ToList();
        var offers = await db.InstalmentOffers.AsNoTracking().Where(o => ids.Contains(o.AccountId))
            .OrderByDescending(o => o.Period).ThenBy(o => o.AccountId).Take(100).ToListAsync(cancellationToken);
        var offerIds = offers.Where(o => o.State == InstalmentOfferStates.Accepted).Select(o => (long?)o.Id).ToList();
        var parts = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Kind == LedgerKind.Instalment && e.Amount > 0 && offerIds.Contains(e.ReferenceId) && ids.Contains(e.AccountId))
            .Select(e => new { e.ReferenceId, e.ForPeriod, e.Amount }).ToListAsync(cancellationToken);
        var byOffer = parts.ToLookup(p => p.ReferenceId!.Value);
        return offers.Select(o => new InstalmentView(o, accounts[o.AccountId],
            byOffer[o.Id].OrderBy(p => p.ForPeriod).Select(p => (p.ForPeriod!.Value, p.Amount)).ToList())).ToList();
    }
}
