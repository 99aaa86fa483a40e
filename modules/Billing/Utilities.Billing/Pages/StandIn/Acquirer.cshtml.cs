using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Utilities.Billing.Payments.Kiosk;
using Utilities.Billing.Payments.Online.StandIn;
using Utilities.Billing.Resources;

namespace Utilities.Billing.Pages.StandIn;

/// <summary>
/// The stand-in acquirer's payment page (Development and tests only; 404 otherwise): a card form
/// whose outcome is posted to our callback, signed, at once, late (<c>?late=1</c>) or twice
/// (<c>?twice=1</c>), before the browser is sent back. Card numbers are neither stored nor logged.
/// </summary>
internal sealed class AcquirerModel(IServiceProvider services, IStringLocalizer<PaymentText> text) : PageModel
{
    public StandInPayment Payment { get; private set; } = null!;

    [BindProperty]
    public string? Card { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Late { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Twice { get; set; }

    public string? Error { get; private set; }

    private StandInAcquirer? Acquirer => services.GetService<StandInAcquirer>();

    public IActionResult OnGet(string? paymentId)
    {
        if (Acquirer?.Find(paymentId) is not { } payment)
            return NotFound();
        Payment = payment;
        return Page();
    }

    public Task<IActionResult> OnPostPayAsync(string? paymentId, CancellationToken cancellationToken) => CompleteAsync(paymentId, true, cancellationToken);

    public Task<IActionResult> OnPostDeclineAsync(string? paymentId, CancellationToken cancellationToken) => CompleteAsync(paymentId, false, cancellationToken);

    private async Task<IActionResult> CompleteAsync(string? paymentId, bool pay, CancellationToken cancellationToken)
    {
        if (Acquirer is not { } acquirer || acquirer.Find(paymentId) is not { } payment)
            return NotFound();
        Payment = payment;
        if (payment.Completed)
            return Redirect(payment.ReturnUrl.ToString());
        string? reason = pay ? null : "cancelled by the payer";
        if (pay)
        {
            var pan = StandInCardTerminal.Digits(Card);
            if (!StandInCardTerminal.Luhn(pan))
            {
                Error = text["StandIn_CardInvalid"];
                return Page();
            }

            if (pan == StandInCardTerminal.DeclinedCard)
                reason = "insufficient funds";
        }

        payment.Completed = true;
        var body = acquirer.Notice(payment, reason is null, reason);
        var signature = acquirer.Sign(body);
        var sender = services.GetRequiredService<StandInCallbackSender>();
        var options = services.GetRequiredService<StandInOptions>();
        if (Late)
        {
            sender.SendLater(payment.CallbackUrl, body, signature, options.LateDelay);
            if (Twice)
                sender.SendLater(payment.CallbackUrl, body, signature, options.LateDelay * 2);
        }
        else if (Twice)
        {
            // Two deliveries at once: the callback must post one payment even when they race.
            await Task.WhenAll(sender.SendAsync(payment.CallbackUrl, body, signature, cancellationToken), sender.SendAsync(payment.CallbackUrl, body, signature, cancellationToken));
        }
        else
        {
            await sender.SendAsync(payment.CallbackUrl, body, signature, cancellationToken);
        }

        return Redirect(payment.ReturnUrl.ToString());
    }
}
