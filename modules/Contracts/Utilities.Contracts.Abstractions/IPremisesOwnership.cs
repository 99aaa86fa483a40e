namespace Utilities.Contracts;

/// <summary>
/// Who owes capital-repair contributions (the owners, Housing Code art. 169) and for which area,
/// for the Repair fund module: one bulk stream for a period's charging, small lookups for pages.
/// </summary>
public interface IPremisesOwnership
{
    /// <summary>
    /// Every premises with each of its owners and the owner's share of the area (shares of one
    /// premises add up to 1); a premises without a registered owner comes once with a null owner
    /// and share 1. Ordered by premises; one streamed read, for 250,000 premises.
    /// </summary>
    IAsyncEnumerable<OwnedPremises> StreamAsync(CancellationToken cancellationToken);

    /// <summary>Address, number and owners of premises for pages and lists; unknown ids are left out.</summary>
    Task<IReadOnlyDictionary<long, PremisesLabel>> DescribeAsync(IReadOnlyCollection<long> premisesIds, CancellationToken cancellationToken);
}

/// <param name="SocialTenancy">Let under a social tenancy agreement: the tenant owes no contributions.</param>
/// <param name="OwnerId">The owner's record in Contracts, or null when none is registered.</param>
/// <param name="Share">The owner's share of the premises (0..1).</param>
public sealed record OwnedPremises(long PremisesId, long BuildingId, decimal Area, bool SocialTenancy, long? OwnerId, decimal Share);

public sealed record PremisesLabel(long PremisesId, long BuildingId, string Address, string Number, decimal Area, bool SocialTenancy, string Owners);
