namespace Utilities.Contracts;

/// <summary>
/// The open accounts of buildings (or of all buildings) and how to reach their holders, streamed in
/// consumer order for bulk fan-out (an outage in a district: 100,000 consumers). Only for sending
/// and for recording interruptions: never shown on other modules' pages or written to logs.
/// </summary>
public interface IAffectedAccounts
{
    /// <param name="buildingIds">The buildings; null for every building.</param>
    /// <param name="utility">Only accounts of this utility; null for all.</param>
    IAsyncEnumerable<AffectedAccount> StreamAsync(IReadOnlyCollection<long>? buildingIds, string? utility, DateOnly onDate, CancellationToken cancellationToken);
}

/// <param name="Email">Lower-case, or null.</param>
/// <param name="Phone">E.164, or null.</param>
public sealed record AffectedAccount(long AccountId, long PremisesId, long BuildingId, string Utility, long ConsumerId, string? Email, string? Phone);
