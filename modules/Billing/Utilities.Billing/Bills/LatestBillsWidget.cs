using Utilities.Contracts;

namespace Utilities.Billing.Bills;

/// <summary>The dashboard's bills: the latest bill of each premises with its total and a link.</summary>
internal sealed class LatestBillsWidget(ConsumerBills bills) : ICabinetWidget
{
    public int Order => 10;

    public string PartialView => "_BillingLatestBills";

    public async Task<object?> LoadAsync(CabinetView cabinet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cabinet);
        var latest = await bills.LatestAsync(cabinet, cancellationToken);
        return latest.Count == 0 ? null : latest;
    }
}
