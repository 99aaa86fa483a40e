using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Platform.Identity;
using Utilities.RepairFund.Consumer;

namespace Utilities.RepairFund.Pages.Cabinet.RepairFund;

/// <summary>The owner's contributions and debt, and the building's fund: accumulated, spent, planned works, with a chart.</summary>
internal sealed class IndexModel(ConsumerFunds funds) : PageModel
{
    public IReadOnlyList<ConsumerPremisesFund> Premises { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var consumerId = User.ConsumerId() ?? throw new InvalidOperationException("the consumer policies let consumers in only");
        Premises = await funds.ListAsync(consumerId, cancellationToken);
    }
}
