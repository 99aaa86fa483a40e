using Utilities.Platform.Messaging;

namespace Utilities.Billing.Events;

/// <summary>
/// A billing run of a period completed: its charge lines (and recalculations of earlier periods)
/// are committed and its bills composed. One event per run, not per account.
/// </summary>
/// <param name="Amount">Σ of the lines posted in the period, ₽ (reversals included, negative).</param>
[IntegrationEvent("billing.charges-posted")]
public sealed record ChargesPosted(long RunId, DateOnly Period, int Accounts, long Lines, decimal Amount, int Recalculations, int Bills, int Problems);

/// <summary>A billing period was closed: its charges and bills are frozen; corrections go into the next period.</summary>
[IntegrationEvent("billing.period-closed")]
public sealed record PeriodClosed(DateOnly Period, string ClosedBy);
