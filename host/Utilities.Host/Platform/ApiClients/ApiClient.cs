namespace Utilities.Host.Platform.ApiClients;

/// <summary>An integrator's client (a bank, a supplier, a metering system, a report in Excel or Power BI).</summary>
internal sealed class ApiClient
{
    public long Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The public part of the key, to find the client; the secret part is known only by its hash.</summary>
    public required string KeyPrefix { get; init; }

    public required byte[] KeyHash { get; init; }

    /// <summary><c>module:read</c> and <c>module:write</c> (see <see cref="Api.ApiScopes"/>).</summary>
    public required string[] Scopes { get; init; }

    /// <summary>Bound to the accounts of this supplier (an organisation of Contracts); null: any supplier.</summary>
    public long? SupplierId { get; init; }

    /// <summary>Bound to this service (a utility plugin's code); null: any service.</summary>
    public string? Utility { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsRevoked => RevokedAt is not null;
}
