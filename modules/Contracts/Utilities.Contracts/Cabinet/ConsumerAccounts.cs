namespace Utilities.Contracts.Cabinet;

internal sealed class ConsumerAccounts(CabinetAccounts cabinet) : IConsumerAccounts
{
    public async Task<CabinetView> ViewAsync(long consumerId, CancellationToken cancellationToken) =>
        ToView(consumerId, await cabinet.ListAsync(consumerId, cancellationToken));

    public static CabinetView ToView(long consumerId, IReadOnlyList<CabinetAccount> accounts) =>
        new(consumerId, accounts
            .Select(a => new AccountSummary(a.Id, a.Number, a.Utility, 0, a.PremisesId, a.BuildingId, a.Address, a.PremisesNumber, a.OpenedOn, a.ClosedOn, a.PayerCode))
            .ToList());
}
