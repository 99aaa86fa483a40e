namespace Utilities.RepairFund;

/// <summary>The capital repair fund of each building, for other modules (the bill's repair-fund block and payee).</summary>
public interface IRepairFundDirectory
{
    Task<IReadOnlyList<FundSummary>> ListAsync(CancellationToken cancellationToken);
}

/// <param name="SpecialAccount">True for a building's own special account; false for the regional operator's "common pot".</param>
public sealed record FundSummary(long Id, long BuildingId, bool SpecialAccount, DateOnly ObligationStartsOn);
