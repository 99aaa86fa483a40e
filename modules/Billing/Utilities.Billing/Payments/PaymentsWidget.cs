using Utilities.Contracts;

namespace Utilities.Billing.Payments;

/// <summary>The dashboard's (cabinet and kiosk) balance of each premises with its pay button.</summary>
internal sealed class PaymentsWidget(ConsumerPremises premises) : ICabinetWidget
{
    public int Order => 11;

    public string PartialView => "_PaymentPremises";

    public async Task<object?> LoadAsync(CabinetView cabinet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cabinet);
        var list = await premises.ListAsync(cabinet.ConsumerId, cancellationToken);
        return list.Count == 0 ? null : list;
    }
}
