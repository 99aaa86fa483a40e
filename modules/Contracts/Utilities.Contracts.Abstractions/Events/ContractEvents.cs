using Utilities.Platform.Messaging;

namespace Utilities.Contracts.Events;

/// <summary>An account opened or closed by a contract event: enough for Metering and Billing to act without asking back.</summary>
public sealed record ContractAccount(long AccountId, string Number, string Utility, long SupplierId);

/// <summary>
/// A contract was concluded in the office (or a deemed one registered): its accounts are open
/// from <paramref name="StartsOn"/>. Metering registers the meters of the premises for them.
/// </summary>
[IntegrationEvent("contracts.contract-concluded")]
public sealed record ContractConcluded(
    long ContractId,
    string ContractNumber,
    long ConsumerId,
    long PremisesId,
    long BuildingId,
    DateOnly StartsOn,
    bool Deemed,
    IReadOnlyList<ContractAccount> Accounts);

/// <summary>
/// A contract was terminated: its accounts close on <paramref name="EndsOn"/> (the last day
/// served). Metering asks for final readings; Billing issues the final bill. Nothing is deleted.
/// </summary>
[IntegrationEvent("contracts.contract-terminated")]
public sealed record ContractTerminated(
    long ContractId,
    string ContractNumber,
    long ConsumerId,
    long PremisesId,
    DateOnly EndsOn,
    string? Reason,
    IReadOnlyList<ContractAccount> Accounts);
