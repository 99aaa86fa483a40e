namespace Utilities.RepairFund;

/// <summary>
/// The capital-repair contributions premises still owe, by month: Billing splits a bill's payment
/// pro rata across that month's services and this block, and sends the fund its share
/// (<c>billing.repair-fund-payment-allocated</c>).
/// </summary>
public interface IRepairFundDues
{
    /// <summary>Open contributions per premises (months with nothing owed are left out).</summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<RepairFundDue>>> OpenDuesAsync(IReadOnlyCollection<long> premisesIds, CancellationToken cancellationToken);
}

public sealed record RepairFundDue(long PremisesId, DateOnly Period, decimal Open);
