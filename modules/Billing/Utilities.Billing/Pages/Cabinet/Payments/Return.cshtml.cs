using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Billing.Payments;
using Utilities.Billing.Payments.Online;
using Utilities.Platform.Identity;

namespace Utilities.Billing.Pages.Cabinet.Payments;

/// <summary>
/// Where the provider sends the consumer back: the order's outcome once its callback came (paid
/// with the receipt, or declined), else "being processed", refreshed by htmx until the callback
/// arrives; and the premises' balance now. Another consumer's order is 404.
/// </summary>
internal sealed class ReturnModel(PaymentOrders orders, ConsumerPremises cabinet) : PageModel
{
    public PaymentOrder Order { get; private set; } = null!;

    public decimal Balance { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var consumerId = User.ConsumerId() ?? throw new InvalidOperationException("the consumer policies let consumers in only");
        if (await orders.FindAsync(consumerId, orderId, cancellationToken) is not { } order)
            return NotFound();
        Order = order;
        Balance = await cabinet.BalanceAsync(order.PremisesId, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
