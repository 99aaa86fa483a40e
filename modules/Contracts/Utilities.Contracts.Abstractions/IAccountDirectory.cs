namespace Utilities.Contracts;

/// <summary>Personal accounts for other modules: one premises × one service under one contract.</summary>
public interface IAccountDirectory
{
    /// <summary>All accounts open on a date, in one set-based read (for bulk work such as billing runs).</summary>
    Task<IReadOnlyList<AccountSummary>> ListOpenAsync(DateOnly onDate, CancellationToken cancellationToken);

    /// <summary>The buildings where a supplier serves an open account of a utility on a date (one set-based query).</summary>
    Task<IReadOnlyList<long>> BuildingsServedAsync(string utility, long supplierId, DateOnly onDate, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of every account (open or closed) of a supplier and/or a utility (null: any), sorted: how other
    /// modules narrow an API client's view to its data scope (ADR 23) where their rows name no supplier or utility.
    /// </summary>
    Task<long[]> AccountIdsAsync(long? supplierId, string? utility, CancellationToken cancellationToken);

    /// <summary>Accounts by id; unknown ids are left out.</summary>
    Task<IReadOnlyDictionary<long, AccountSummary>> FindAsync(IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken);

    /// <summary>
    /// Accounts (open or closed) whose number, building address or premises number contains every
    /// word of <paramref name="text"/> (case-insensitive), optionally in one building; at most
    /// <paramref name="limit"/>, by number. For back-office search and per-building lists.
    /// </summary>
    Task<IReadOnlyList<AccountSummary>> SearchAsync(string? text, long? buildingId, int limit, CancellationToken cancellationToken);
}

/// <param name="Utility">The utility plugin's code: <c>electricity</c>, <c>cold-water</c>, <c>hot-water</c>, <c>heating</c>.</param>
/// <param name="PayerCode">The premises' payer code (ЕЛС), what a payment for the premises names.</param>
public sealed record AccountSummary(
    long Id,
    string Number,
    string Utility,
    long SupplierId,
    long PremisesId,
    long BuildingId,
    string BuildingAddress,
    string PremisesNumber,
    DateOnly OpenedOn,
    DateOnly? ClosedOn,
    string? PayerCode = null);

/// <summary>
/// Who holds an account and how to reach them, for messages about that account (a faulty meter,
/// a debt). Only for sending: never shown to other modules' pages or written to logs.
/// </summary>
public interface IAccountHolders
{
    /// <summary>The holders of the accounts in one read; unknown ids are left out.</summary>
    Task<IReadOnlyDictionary<long, AccountHolder>> FindAsync(IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken);
}

/// <param name="Email">Lower-case, or null.</param>
/// <param name="Phone">E.164, or null.</param>
public sealed record AccountHolder(long AccountId, string AccountNumber, long ConsumerId, string FullName, string? Email, string? Phone);
