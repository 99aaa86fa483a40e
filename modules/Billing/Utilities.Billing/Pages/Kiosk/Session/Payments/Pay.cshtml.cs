using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Billing.Data;
using Utilities.Billing.Payments;
using Utilities.Billing.Payments.Kiosk;
using Utilities.Billing.Resources;
using Utilities.Platform.Identity;
using Utilities.Platform.Time;

namespace Utilities.Billing.Pages.Kiosk.Session.Payments;

/// <summary>
/// Paying by card at the kiosk: the amount due prefilled (editable, on-screen keypad), the bill or
/// the repair fund, then the card terminal; the receipt (or why not) on screen. A premises not in
/// the consumer's cabinet is 404; a bad amount gets a message and nothing is charged or stored.
/// </summary>
internal sealed class PayModel(ConsumerPremises cabinet, KioskCardPayments payments, IClock clock, IStringLocalizer<PaymentText> text) : PageModel
{
    public PayablePremises Premises { get; private set; } = null!;

    public bool StandIn => payments.Terminal?.IsStandIn == true;

    public bool Available => payments.Terminal is not null;

    [BindProperty]
    public string? Amount { get; set; }

    [BindProperty]
    public string? Target { get; set; }

    /// <summary>The key of this form: a second tap on "pay" does not charge twice.</summary>
    [BindProperty]
    public Guid Attempt { get; set; }

    /// <summary>The card "inserted" into the stand-in device (its on-screen panel); a real terminal reads the card itself.</summary>
    [BindProperty]
    public string? Card { get; set; }

    public KioskCardResult? Result { get; private set; }

    public string? Error { get; private set; }

    private long ConsumerId => User.ConsumerId() ?? throw new InvalidOperationException("the kiosk policy lets consumers in only");

    public async Task<IActionResult> OnGetAsync(long premises, string? target, CancellationToken cancellationToken)
    {
        if (await cabinet.FindAsync(ConsumerId, premises, cancellationToken) is not { } found)
            return NotFound();
        Premises = found;
        Target = PaymentInput.TargetOrDefault(target);
        Amount = found.Due > 0 && Target == PaymentTargets.Bill ? found.Due.ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("ru-RU")) : string.Empty;
        Attempt = Guid.NewGuid();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long premises, CancellationToken cancellationToken)
    {
        if (await cabinet.FindAsync(ConsumerId, premises, cancellationToken) is not { } found)
            return NotFound();
        Premises = found;
        var (amount, error) = PaymentInput.Read(Amount, Target, await clock.TodayAsync(cancellationToken));
        if (error is null && Attempt == Guid.Empty)
            error = "Pay_AmountInvalid";
        if (error is not null)
        {
            Error = text[error];
            return Page();
        }

        if (HttpContext.Items[KioskDevice.Cookie] is not long terminalId)
            return StatusCode(Microsoft.AspNetCore.Http.StatusCodes.Status403Forbidden);
        Result = await payments.PayAsync(terminalId, Attempt, ConsumerId, found, amount, Target!, Card, cancellationToken);
        if (Result is null)
            Error = text["Kiosk_TerminalUnavailable"];
        // Only a declined charge may be tried again with a new form key: a pending, unanswered or
        // unposted one may still have taken the money, so a second tap answers with the same attempt.
        if (Result is { State: "declined" })
            Attempt = Guid.NewGuid();
        return Page();
    }
}
