using Microsoft.EntityFrameworkCore;

namespace Utilities.Host.Platform.ApiClients;

/// <summary>
/// Creates, lists, revokes and recognises API clients. Nothing is cached: a revoked key is
/// refused by the very next request, on every host.
/// </summary>
internal sealed class ApiClientStore(PlatformDbContext db, TimeProvider time)
{
    /// <summary>How often the last use of a client is written: not on every request of a busy client.</summary>
    private static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<ApiClient>> ListAsync(CancellationToken cancellationToken) =>
        await db.ApiClients.AsNoTracking().OrderBy(c => c.RevokedAt != null).ThenBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(cancellationToken);

    /// <summary>Creates a client and returns its key: the only time the key exists outside the caller's hands.</summary>
    public async Task<(ApiClient Client, string Key)> CreateAsync(string name, IReadOnlyCollection<string> scopes, string createdBy, CancellationToken cancellationToken) =>
        await CreateAsync(name, scopes, Utilities.Platform.Api.ApiDataScope.All, createdBy, cancellationToken);

    /// <summary>Creates a client bound to a data scope (ADR 23) and returns its key.</summary>
    public async Task<(ApiClient Client, string Key)> CreateAsync(
        string name, IReadOnlyCollection<string> scopes, Utilities.Platform.Api.ApiDataScope dataScope, string createdBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataScope);
        var (key, prefix) = ApiKey.Generate();
        var client = new ApiClient
        {
            Name = name,
            KeyPrefix = prefix,
            KeyHash = ApiKey.Hash(key),
            Scopes = scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
            SupplierId = dataScope.SupplierId,
            Utility = dataScope.Utility,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = createdBy,
        };
        db.ApiClients.Add(client);
        await db.SaveChangesAsync(cancellationToken);
        return (client, key);
    }

    /// <summary>Revokes a client; null when there is no such client or it was revoked already.</summary>
    public async Task<ApiClient?> RevokeAsync(long id, string revokedBy, CancellationToken cancellationToken)
    {
        var client = await db.ApiClients.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null || client.IsRevoked)
            return null;
        client.RevokedAt = time.GetUtcNow();
        client.RevokedBy = revokedBy;
        await db.SaveChangesAsync(cancellationToken);
        return client;
    }

    /// <summary>The active client whose key this is; null for an unknown, malformed or revoked key.</summary>
    public async Task<ApiClient?> FindByKeyAsync(string key, CancellationToken cancellationToken)
    {
        var prefix = ApiKey.PrefixOf(key);
        if (prefix is null)
            return null;
        var client = await db.ApiClients.AsNoTracking().SingleOrDefaultAsync(c => c.KeyPrefix == prefix, cancellationToken);
        if (client is null || client.IsRevoked || !ApiKey.Matches(key, client.KeyHash))
            return null;

        var now = time.GetUtcNow();
        if (client.LastUsedAt is null || now - client.LastUsedAt > LastUseResolution)
        {
            await db.ApiClients.Where(c => c.Id == client.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAt, now), cancellationToken);
        }

        return client;
    }
}
