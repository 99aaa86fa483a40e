using Utilities.Platform.Messaging;

namespace Utilities.Billing.Events;

/// <summary>
/// A billing run of a period has committed its charge lines (and recalculations of earlier
/// periods). One event per run, not per account; the bills follow (<see cref="BillsIssued"/>).
/// </summary>
/// <param name="Amount">Σ of the lines posted in the period, ₽ (reversals included, negative).</param>
[IntegrationEvent("billing.charges-posted")]
public sealed record ChargesPosted(long RunId, DateOnly Period, int Accounts, long Lines, decimal Amount, int Recalculations, int Problems);

/// <summary>The bills of a period were composed by its run (one per premises): consumers can be told their bill is ready.</summary>
[IntegrationEvent("billing.bills-issued")]
public sealed record BillsIssued(long RunId, DateOnly Period, int Bills);

/// <summary>A billing period was closed: its charges and bills are frozen; corrections go into the next period.</summary>
[IntegrationEvent("billing.period-closed")]
public sealed record PeriodClosed(DateOnly Period, string ClosedBy);
