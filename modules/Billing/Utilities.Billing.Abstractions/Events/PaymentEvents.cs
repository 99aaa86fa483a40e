using Utilities.Platform.Messaging;

namespace Utilities.Billing.Events;

/// <summary>
/// Payments were posted to the ledger (one event per request or registry batch, not per row):
/// consumers can be thanked, the cabinet's balance is new.
/// </summary>
[IntegrationEvent("billing.payments-received")]
public sealed record PaymentsReceived(IReadOnlyList<ReceivedPayment> Payments);

/// <param name="Channel"><c>online</c>, <c>kiosk</c>, <c>office</c> or <c>registry</c>.</param>
/// <param name="AccountIds">The accounts the payment was allocated to (advance included).</param>
public sealed record ReceivedPayment(long PaymentId, long PremisesId, string Channel, decimal Amount, DateOnly PaidOn, IReadOnlyList<long> AccountIds);

/// <summary>
/// The repair-fund part of payments: a bill's payment split pro rata with the month's contribution,
/// or a payment made straight into the fund. The Repair fund module posts it to its own ledger,
/// once per <see cref="RepairFundShare.PaymentId"/>.
/// </summary>
[IntegrationEvent("billing.repair-fund-payments-allocated")]
public sealed record RepairFundPaymentsAllocated(IReadOnlyList<RepairFundShare> Shares);

/// <param name="Period">The month of contributions paid; null: not allocated to a month (a payment straight into the fund beyond what is owed).</param>
public sealed record RepairFundShare(long PaymentId, long PremisesId, DateOnly? Period, decimal Amount, DateOnly PaidOn);
