namespace Utilities.Metering;

/// <summary>Meters of personal accounts for other modules (the bill's meter block, billing checks).</summary>
public interface IMeterDirectory
{
    /// <summary>Meters installed on the accounts (removed ones left out), in one read.</summary>
    Task<IReadOnlyList<MeterSummary>> ForAccountsAsync(IReadOnlyCollection<long> accountIds, CancellationToken cancellationToken);
}

/// <param name="Registers">Register codes from the plugin, e.g. <c>T1</c>, <c>T2</c>; a water or heat meter has <c>total</c>.</param>
/// <param name="VerifiedUntil">After this date the meter counts as faulty (Rules 354 п.81(12)).</param>
public sealed record MeterSummary(long Id, long AccountId, string Utility, string Serial, IReadOnlyList<string> Registers, DateOnly VerifiedUntil, bool IsAutomated);
