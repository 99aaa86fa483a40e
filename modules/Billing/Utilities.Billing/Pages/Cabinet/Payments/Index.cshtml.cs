using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Billing.Payments.Cabinet;
using Utilities.Platform.Identity;

namespace Utilities.Billing.Pages.Cabinet.Payments;

/// <summary>The signed-in consumer's balance, payments and charts of payments and debt, per premises of their cabinet.</summary>
internal sealed class IndexModel(ConsumerPayments payments) : PageModel
{
    public IReadOnlyList<PremisesLedger> Premises { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var consumerId = User.ConsumerId() ?? throw new InvalidOperationException("the consumer policies let consumers in only");
        Premises = await payments.ListAsync(consumerId, cancellationToken);
    }
}
