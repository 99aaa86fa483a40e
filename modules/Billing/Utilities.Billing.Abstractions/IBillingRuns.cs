namespace Utilities.Billing;

/// <summary>Billing runs for the command line, the back office and the benchmarks.</summary>
public interface IBillingRuns
{
    /// <summary>
    /// Runs a period to its end (or takes over its running run when that run's host died), reporting
    /// progress; refused with a message for a closed or future period, or one another host is running.
    /// </summary>
    Task<BillingRunResult> RunAsync(DateOnly period, string startedBy, IProgress<BillingRunProgress>? progress, CancellationToken cancellationToken);

    /// <summary>Closes a period (its charges and bills are frozen); the message says why not, or null.</summary>
    Task<string?> CloseAsync(DateOnly period, string closedBy, CancellationToken cancellationToken);
}

public sealed record BillingRunProgress(long RunId, string Stage, int AccountsDone, int AccountsTotal, long Lines);

/// <param name="Error">Why the run was refused or failed; null when it completed.</param>
/// <param name="ChargesTook">From the run's start to its charges and <c>billing.charges-posted</c> committed.</param>
/// <param name="Took">From the run's start to its bills and completion committed.</param>
public sealed record BillingRunResult(long? RunId, string? Error, int Accounts, long Lines, decimal Amount, int Bills, int Problems,
    TimeSpan? ChargesTook = null, TimeSpan? Took = null);
