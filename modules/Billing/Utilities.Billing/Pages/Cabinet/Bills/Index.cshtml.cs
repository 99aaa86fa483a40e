using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Billing.Bills;
using Utilities.Platform.Identity;

namespace Utilities.Billing.Pages.Cabinet.Bills;

/// <summary>The signed-in consumer's bills, newest first, for every premises of their cabinet.</summary>
internal sealed class IndexModel(ConsumerBills bills) : PageModel
{
    public IReadOnlyList<BillSummary> Bills { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var consumerId = User.ConsumerId() ?? throw new InvalidOperationException("the consumer policies let consumers in only");
        if (await bills.ViewAsync(consumerId, cancellationToken) is { } view)
            Bills = await bills.ListAsync(view, cancellationToken);
    }
}
