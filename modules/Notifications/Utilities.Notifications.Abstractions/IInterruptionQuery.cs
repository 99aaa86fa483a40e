namespace Utilities.Notifications;

/// <summary>
/// Hours of service interruption over the permitted limits (Rules 354, Appendix 1; domain.md) per
/// account and period, for the billing run's reduction of 0.15 % per hour over the limit.
/// </summary>
public interface IInterruptionQuery
{
    /// <summary>
    /// Every account with hours over the limits in the month starting <paramref name="period"/>, in
    /// one set-based read: max(Σ over events of (duration − single-event limit)⁺, monthly total −
    /// monthly limit), per service. Accounts without excess hours are left out.
    /// </summary>
    Task<IReadOnlyList<OverLimitHours>> OverLimitAsync(DateOnly period, CancellationToken cancellationToken);
}

/// <param name="Hours">Hours over the limit, rounded to 0.01 h.</param>
/// <param name="Events">The interruptions of the period that count.</param>
/// <param name="TotalHours">Their total duration within the period.</param>
public sealed record OverLimitHours(long AccountId, string Utility, decimal Hours, int Events, decimal TotalHours);
