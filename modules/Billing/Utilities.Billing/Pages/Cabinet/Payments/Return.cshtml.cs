using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Billing.Payments;
using Utilities.Billing.Payments.Online;
using Utilities.Platform.Identity;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Billing.Pages.Cabinet.Payments;

/// <summary>
/// Where the provider sends the consumer back: the order's outcome once its callback came (paid
/// with the receipt, or declined), else "being processed", refreshed by htmx until the callback
/// arrives (for <see cref="BillingSettings.OnlineOrderWaitMinutes"/>; then it says the bank has not
/// answered yet and stops asking: a late callback is still posted); and the premises' balance now.
/// Another consumer's order is 404.
/// </summary>
internal sealed class ReturnModel(PaymentOrders orders, ConsumerPremises cabinet, ISettings settings, IClock clock) : PageModel
{
    public PaymentOrder Order { get; private set; } = null!;

    public decimal Balance { get; private set; }

    /// <summary>No answer yet, and still worth asking every two seconds.</summary>
    public bool Waiting { get; private set; }

    /// <summary>No answer within the wait: the page stops asking.</summary>
    public bool NoAnswer { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var consumerId = User.ConsumerId() ?? throw new InvalidOperationException("the consumer policies let consumers in only");
        if (await orders.FindAsync(consumerId, orderId, cancellationToken) is not { } order)
            return NotFound();
        Order = order;
        if (order.State == OrderStates.Created)
        {
            var wait = TimeSpan.FromMinutes(await settings.GetCurrentAsync(BillingSettings.OnlineOrderWaitMinutes, cancellationToken));
            Waiting = clock.Now - order.CreatedAt < wait;
            NoAnswer = !Waiting;
        }

        Balance = await cabinet.BalanceAsync(order.PremisesId, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
