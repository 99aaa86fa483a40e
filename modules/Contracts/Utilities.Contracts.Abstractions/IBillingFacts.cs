namespace Utilities.Contracts;

/// <summary>
/// What Billing needs of Contracts for a run and its bills, in bulk: the accounts of a period with
/// the facts of their premises (area, residents, rooms, stove, the building's area and heat
/// meter), the payers of premises and the organisations with their bank details.
/// </summary>
public interface IBillingFacts
{
    /// <summary>
    /// Accounts open on at least one day of <paramref name="from"/>..<paramref name="to"/>, with
    /// id greater than <paramref name="afterAccountId"/>, ordered by id, as one stream (a billing
    /// run reads a million of them without holding them).
    /// </summary>
    IAsyncEnumerable<AccountFacts> StreamAccountsAsync(DateOnly from, DateOnly to, long afterAccountId, CancellationToken cancellationToken);

    /// <summary>How many accounts <see cref="StreamAccountsAsync"/> gives for the days (a run's progress).</summary>
    Task<int> CountAccountsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>The same facts for some accounts (recalculations, tests); unknown ids are left out.</summary>
    Task<IReadOnlyList<AccountFacts>> AccountsAsync(IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken);

    /// <summary>The payer of each premises (the holder of its latest contract), for bills; unknown ids are left out.</summary>
    Task<IReadOnlyDictionary<long, PremisesPayer>> PayersAsync(IReadOnlyCollection<long> premisesIds, CancellationToken cancellationToken);

    /// <summary>Every organisation (the centre, suppliers, the regional operator) with its bank details.</summary>
    Task<IReadOnlyList<OrganisationDetails>> OrganisationsAsync(CancellationToken cancellationToken);
}

/// <param name="Stove"><c>gas</c> or <c>electric</c> (electricity norms depend on it).</param>
/// <param name="BuildingArea">The building's total area, m² (heating by the building meter, formula 3).</param>
public sealed record AccountFacts(
    long AccountId,
    string Number,
    string Utility,
    long SupplierId,
    long PremisesId,
    long BuildingId,
    DateOnly OpenedOn,
    DateOnly? ClosedOn,
    decimal Area,
    int Residents,
    int Rooms,
    string Stove,
    decimal BuildingArea,
    bool BuildingHasHeatMeter);

public sealed record PremisesPayer(long PremisesId, string PayerCode, string FullName, string Address, decimal Area, int Residents);

/// <param name="Kind"><c>centre</c>, <c>supplier</c> or <c>regional-operator</c>.</param>
public sealed record OrganisationDetails(
    long Id,
    string Kind,
    string Name,
    string Inn,
    string? Kpp,
    string BankName,
    string Bic,
    string CorrespondentAccount,
    string SettlementAccount);
