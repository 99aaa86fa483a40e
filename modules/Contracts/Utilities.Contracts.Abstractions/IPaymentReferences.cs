namespace Utilities.Contracts;

/// <summary>
/// What a payment names, resolved in bulk (a bank registry of 100,000 rows is one call): the
/// premises' payer code (ЕЛС), a personal account number, a contract number or an address.
/// </summary>
public interface IPaymentReferences
{
    /// <summary>
    /// Each reference as a payer code, else an account number, else a contract number (the premises
    /// of the contract); references matching none are left out. Spaces and dashes are ignored.
    /// </summary>
    Task<IReadOnlyDictionary<string, PaymentReference>> ResolveAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken);

    /// <summary>
    /// Premises by address as a bank writes it ("г. Энск, ул. Ленина, д. 5, кв. 12"): compared
    /// without case, punctuation and the words "г", "ул", "д", "кв"; an address matching no premises,
    /// or more than one, is left out.
    /// </summary>
    Task<IReadOnlyDictionary<string, PaymentReference>> ResolveAddressesAsync(IReadOnlyCollection<string> addresses, CancellationToken cancellationToken);

    /// <summary>The accounts of premises (open or closed), for splitting a payment over them.</summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<PremisesAccount>>> AccountsOfPremisesAsync(IReadOnlyCollection<long> premisesIds, CancellationToken cancellationToken);
}

public enum PaymentReferenceKind
{
    PayerCode,
    Account,
    Contract,
    Address,
}

/// <param name="AccountId">Set when the reference is one account: the payment is for that account only.</param>
public sealed record PaymentReference(string Reference, PaymentReferenceKind Kind, long PremisesId, long? AccountId, string PayerCode);

public sealed record PremisesAccount(long AccountId, string Number, string Utility, long SupplierId, long PremisesId, DateOnly OpenedOn, DateOnly? ClosedOn);
