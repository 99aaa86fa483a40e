using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Utilities.Contracts.Cabinet;

/// <summary>What a dashboard shows: the accounts and the modules' widget models.</summary>
internal sealed record Dashboard(IReadOnlyList<CabinetAccount> Accounts, IReadOnlyList<(ICabinetWidget Widget, object Model)> Widgets);

/// <summary>
/// The dashboards of this host, per consumer and UI language, for <c>Cabinet:DashboardCacheSeconds</c> (300; 0 turns
/// it off). A dashboard is about ten statements across five modules; the cabinet's busiest page is opened again and
/// again in a session (back from each page), and its data changes monthly (bills), daily (payments) or when the
/// consumer acts. Forgotten: the consumer's own writes (any POST, reported by the host), a payment to one of
/// its premises, a contract concluded or terminated there, a billing run or a notice (everything). Other changes
/// (an inspector's or an automated meter's reading, a repair-fund charge, a change made on another host of the
/// same database) show when the entry expires. The outage banner is
/// live on the page regardless (server-sent events).
/// </summary>
internal sealed class DashboardCache(IConfiguration configuration, TimeProvider time) : ICabinetCache
{
    /// <summary>Beyond this many entries the cache starts over rather than sweeping.</summary>
    private const int MaxEntries = 100_000;

    /// <summary>
    /// Bytes of rendered pages kept before the cache starts over (<c>Cabinet:DashboardPageCacheMegabytes</c>, 256: a
    /// dashboard page is ~10–20 KB, so ~15,000 sessions' pages). Counted as pages are kept, not as they are forgotten,
    /// so a busy cache starts over somewhat early rather than late.
    /// </summary>
    private readonly long pageBudget = configuration.GetValue("Cabinet:DashboardPageCacheMegabytes", 256L) * 1024 * 1024;

    private long pageBytes;

    private readonly TimeSpan lifetime = TimeSpan.FromSeconds(configuration.GetValue("Cabinet:DashboardCacheSeconds", 300));

    private readonly ConcurrentDictionary<(long Consumer, string Culture), Entry> entries = new();

    private sealed record Entry(Dashboard Dashboard, HashSet<long> Premises, DateTimeOffset Until)
    {
        /// <summary>The dashboard's page as last rendered from <see cref="Dashboard"/>, for one browser session.</summary>
        public RenderedPage? Page { get; set; }
    }

    /// <summary>A rendered page and the session it belongs to (its forms carry that session's antiforgery tokens).</summary>
    private sealed record RenderedPage(string Session, byte[] Body);

    public bool Enabled => lifetime > TimeSpan.Zero;

    public Dashboard? Find(long consumerId)
    {
        if (!Enabled || !entries.TryGetValue((consumerId, CultureInfo.CurrentUICulture.Name), out var entry))
            return null;
        return entry.Until > time.GetUtcNow() ? entry.Dashboard : null;
    }

    /// <summary>
    /// The page last rendered from the kept dashboard for this browser session (its antiforgery cookie's value: the
    /// page's forms hold request tokens valid only with that cookie), or null.
    /// </summary>
    public byte[]? FindPage(long consumerId, string session)
    {
        if (!Enabled || !entries.TryGetValue((consumerId, CultureInfo.CurrentUICulture.Name), out var entry) || entry.Until <= time.GetUtcNow())
            return null;
        return entry.Page is { } page && string.Equals(page.Session, session, StringComparison.Ordinal) ? page.Body : null;
    }

    /// <summary>
    /// Keeps the page rendered from <paramref name="dashboard"/> beside it, unless that dashboard was forgotten or
    /// replaced meanwhile (a payment arrived while the page was rendered: the page would show the old balance).
    /// </summary>
    public void RememberPage(long consumerId, Dashboard dashboard, string session, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!Enabled || !entries.TryGetValue((consumerId, CultureInfo.CurrentUICulture.Name), out var entry) || !ReferenceEquals(entry.Dashboard, dashboard))
            return;
        if (Interlocked.Add(ref pageBytes, body.Length) > pageBudget)
        {
            ForgetAll();
            return;
        }

        entry.Page = new RenderedPage(session, body);
    }

    public void Remember(long consumerId, Dashboard dashboard)
    {
        if (!Enabled)
            return;
        if (entries.Count >= MaxEntries)
            ForgetAll();
        entries[(consumerId, CultureInfo.CurrentUICulture.Name)] =
            new Entry(dashboard, dashboard.Accounts.Select(a => a.PremisesId).ToHashSet(), time.GetUtcNow() + lifetime);
    }

    public void ForgetConsumer(long consumerId)
    {
        foreach (var key in entries.Keys)
        {
            if (key.Consumer == consumerId)
                entries.TryRemove(key, out _);
        }
    }

    public void ForgetPremises(IReadOnlyCollection<long> premisesIds)
    {
        ArgumentNullException.ThrowIfNull(premisesIds);
        if (premisesIds.Count == 0 || entries.IsEmpty)
            return;
        var set = premisesIds as IReadOnlySet<long> ?? premisesIds.ToHashSet();
        foreach (var (key, entry) in entries)
        {
            // An entry's premises are few: look each up in the (perhaps large: a registry's) set.
            if (entry.Premises.Any(set.Contains))
                entries.TryRemove(key, out _);
        }
    }

    public void ForgetAll()
    {
        entries.Clear();
        Interlocked.Exchange(ref pageBytes, 0);
    }
}
