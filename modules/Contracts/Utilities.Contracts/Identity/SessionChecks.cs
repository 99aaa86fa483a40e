using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;

namespace Utilities.Contracts.Identity;

/// <summary>
/// The consumer cookie's security stamp is checked against the login on every request; a stamp found
/// current is remembered for <c>Contracts:SessionCheckSeconds</c> (60) so the cabinet's pages do not each
/// read the login (ADR 28). Setting a password on this host forgets the consumer at once; another host
/// of the same database lets the old sessions in for at most that long (ASP.NET Identity's own
/// validator waits 30 minutes). Zero checks every request.
/// </summary>
internal sealed class SessionChecks(IConfiguration configuration, TimeProvider time)
{
    /// <summary>Beyond this many remembered sessions the memo starts over (a sweep would cost more than re-reading).</summary>
    private const int MaxRemembered = 200_000;

    private readonly TimeSpan interval = TimeSpan.FromSeconds(configuration.GetValue("Contracts:SessionCheckSeconds", 60));

    private readonly ConcurrentDictionary<long, (Guid Stamp, DateTimeOffset Until)> current = new();

    public bool IsKnownCurrent(long consumerId, Guid stamp) =>
        current.TryGetValue(consumerId, out var known) && known.Stamp == stamp && known.Until > time.GetUtcNow();

    public void Remember(long consumerId, Guid stamp)
    {
        if (interval <= TimeSpan.Zero)
            return;
        if (current.Count >= MaxRemembered)
            current.Clear();
        current[consumerId] = (stamp, time.GetUtcNow() + interval);
    }

    public void Forget(long consumerId) => current.TryRemove(consumerId, out _);
}
