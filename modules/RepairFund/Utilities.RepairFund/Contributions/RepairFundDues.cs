namespace Utilities.RepairFund.Contributions;

/// <summary>
/// No contributions are charged yet (the Repair fund issue charges them), so nothing is owed and a
/// bill's payment gives the fund a zero share. Replaced by the fund's own ledger with that issue.
/// </summary>
internal sealed class RepairFundDues : IRepairFundDues
{
    public Task<IReadOnlyDictionary<long, IReadOnlyList<RepairFundDue>>> OpenDuesAsync(IReadOnlyCollection<long> premisesIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<long, IReadOnlyList<RepairFundDue>>>(new Dictionary<long, IReadOnlyList<RepairFundDue>>());
}
