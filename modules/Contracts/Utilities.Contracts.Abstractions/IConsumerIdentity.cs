namespace Utilities.Contracts;

/// <summary>What the host asks Contracts about a signed-in consumer on each request.</summary>
public interface IConsumerIdentity
{
    /// <summary>True while the login exists, is activated and its security stamp is the one in the cookie.</summary>
    Task<bool> IsCurrentAsync(long consumerId, Guid stamp, CancellationToken cancellationToken);
}

/// <summary>The signed-in consumer's cabinet as widgets see it: the accounts they may see, grouped by premises.</summary>
public sealed record CabinetView(long ConsumerId, IReadOnlyList<AccountSummary> Accounts)
{
    public IReadOnlyList<long> BuildingIds => Accounts.Select(a => a.BuildingId).Distinct().ToList();
}

/// <summary>
/// A module's slot on the consumer's dashboard: it loads its model for the cabinet and names the
/// partial view (in the module) that shows it. Balances, last readings and notices arrive this way.
/// </summary>
public interface ICabinetWidget
{
    int Order { get; }

    /// <summary>A partial view of the module, e.g. <c>_CabinetNotices</c>; found under its <c>Pages/Shared</c>.</summary>
    string PartialView { get; }

    /// <summary>The partial's model, or null to show nothing.</summary>
    Task<object?> LoadAsync(CabinetView cabinet, CancellationToken cancellationToken);
}

/// <summary>
/// The accounts a signed-in consumer may see, for other modules' cabinet and kiosk pages (meters,
/// readings, bills): a page checks the account it shows is in the view and answers 404 otherwise.
/// </summary>
public interface IConsumerAccounts
{
    Task<CabinetView> ViewAsync(long consumerId, CancellationToken cancellationToken);
}

/// <summary>
/// The consumer's dashboard is kept for a short while (ADR 28). A module that changes what a dashboard shows
/// for someone (a payment posted, a bill issued) tells the cache here; what no module reports shows within
/// the cache's lifetime (<c>Cabinet:DashboardCacheSeconds</c>). A consumer's own writes are reported by the host.
/// </summary>
public interface ICabinetCache
{
    void ForgetConsumer(long consumerId);

    /// <summary>Every dashboard showing one of these premises.</summary>
    void ForgetPremises(IReadOnlyCollection<long> premisesIds);

    void ForgetAll();
}
