using Utilities.Platform.Messaging;

namespace Utilities.Billing.Events;

/// <summary>
/// A billing run found accounts whose overdue debt crossed a warning threshold, or exceeds the
/// restriction limit (Rules 354 п.117–119: 2 monthly norm-based charges; a written warning with
/// its deadline). One event per run with every new warning; each account and threshold is warned
/// once while its debt stays over it. The Notifications module delivers them.
/// </summary>
[IntegrationEvent("billing.debt-warnings-issued")]
public sealed record DebtWarningsIssued(long RunId, DateOnly Period, IReadOnlyList<DebtWarning> Warnings);

/// <param name="Kind"><c>threshold</c> or <c>restriction</c>.</param>
/// <param name="Limit">What the debt was compared with: the threshold, or the restriction limit.</param>
/// <param name="Deadline">A restriction warning: the day the service may be restricted if the debt is not paid.</param>
public sealed record DebtWarning(long AccountId, long PremisesId, string Kind, decimal Limit, decimal Debt, DateOnly? Deadline);
