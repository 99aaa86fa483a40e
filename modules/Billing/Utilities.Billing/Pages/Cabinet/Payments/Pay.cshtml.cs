using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Billing.Data;
using Utilities.Billing.Payments;
using Utilities.Billing.Payments.Online;
using Utilities.Billing.Resources;
using Utilities.Platform.Identity;
using Utilities.Platform.Time;

namespace Utilities.Billing.Pages.Cabinet.Payments;

/// <summary>
/// The cabinet's pay form: the amount due prefilled (editable: a part or an advance is fine), the
/// bill or the repair fund as target; on submit the order is stored and the consumer is sent to
/// the payment provider. A premises not in the consumer's cabinet is 404; a bad amount gets a message and stores nothing.
/// </summary>
internal sealed class PayModel(ConsumerPremises cabinet, PaymentOrders orders, IClock clock, IStringLocalizer<PaymentText> text) : PageModel
{
    public IReadOnlyList<PayablePremises> All { get; private set; } = [];

    public PayablePremises? Premises { get; private set; }

    public bool Available => orders.Available;

    [BindProperty]
    public string? Amount { get; set; }

    [BindProperty]
    public string? Target { get; set; }

    public string? Error { get; private set; }

    private long ConsumerId => User.ConsumerId() ?? throw new InvalidOperationException("the consumer policies let consumers in only");

    public async Task<IActionResult> OnGetAsync(long? premises, string? target, CancellationToken cancellationToken)
    {
        All = await cabinet.ListAsync(ConsumerId, cancellationToken);
        if (premises is null)
            return All.Count == 1 ? RedirectToPage(new { premises = All[0].PremisesId }) : Page();
        Premises = All.FirstOrDefault(p => p.PremisesId == premises);
        if (Premises is null)
            return NotFound();
        Target = PaymentInput.TargetOrDefault(target);
        Amount = Premises.Due > 0 && Target == PaymentTargets.Bill ? Premises.Due.ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("ru-RU")) : string.Empty;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long premises, CancellationToken cancellationToken)
    {
        All = await cabinet.ListAsync(ConsumerId, cancellationToken);
        Premises = All.FirstOrDefault(p => p.PremisesId == premises);
        if (Premises is null)
            return NotFound();
        var (amount, error) = PaymentInput.Read(Amount, Target, await clock.TodayAsync(cancellationToken));
        if (error is not null)
        {
            Error = text[error];
            return Page();
        }

        var baseUrl = new Uri($"{Request.Scheme}://{Request.Host}{Request.PathBase}");
        if (await orders.CreateAsync(ConsumerId, Premises, amount, Target!, baseUrl, cancellationToken) is not { } redirect)
        {
            Error = text["Pay_ProviderUnavailable"];
            return Page();
        }

        return Redirect(redirect.ToString());
    }
}
