using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Billing.Data;
using Utilities.Billing.Payments;
using Utilities.Billing.Resources;
using Utilities.Platform.Input;
using Utilities.Platform.Modules;
using Utilities.Platform.Time;

namespace Utilities.Billing.Pages.Office.Billing;

/// <summary>
/// Payments at the office: an operator or accountant records a payment naming a payer code (ЕЛС),
/// an account or contract number, and gets its receipt; the latest payments of every channel,
/// searchable by what they named. The form's key makes a double submit one payment.
/// </summary>
internal sealed class PaymentsModel(BillingDbContext db, PaymentPosting posting, IClock clock, IStringLocalizer<BillingText> text) : PageModel
{
    public const int Shown = 50;

    [BindProperty]
    public string? Reference { get; set; }

    [BindProperty]
    public string? Amount { get; set; }

    [BindProperty]
    public DateOnly? PaidOn { get; set; }

    /// <summary>The month paid, as the month input sends it: <c>2026-11</c>.</summary>
    [BindProperty]
    public string? ForPeriod { get; set; }

    [BindProperty]
    public string Target { get; set; } = PaymentTargets.Bill;

    [BindProperty]
    public Guid FormKey { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public string? Error { get; private set; }

    public IReadOnlyList<Payment> Latest { get; private set; } = [];

    public bool CanRecord => User.IsInRole(StaffRoles.Operator) || User.IsInRole(StaffRoles.Accountant) || User.IsInRole(StaffRoles.Administrator);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        FormKey = Guid.NewGuid();
        PaidOn ??= await clock.TodayAsync(cancellationToken);
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!CanRecord)
            return Forbid();
        ModelState.Clear();
        var amount = DecimalInput.Parse(Amount);
        DateOnly? period = null;
        if (!string.IsNullOrWhiteSpace(ForPeriod))
        {
            if (DateOnly.TryParseExact(ForPeriod.Trim() + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var p))
                period = p;
            else
                Error = text["Payment_BadPeriod"];
        }

        if (string.IsNullOrWhiteSpace(Reference))
            Error = text["Payment_NoReference"];
        else if (amount is null)
            Error = text["Payment_BadAmount"];
        else if (PaidOn is null)
            Error = text["Payment_NoDate"];
        if (Error is null)
        {
            var outcome = await posting.PostAsync(new PaymentRequest(
                "office:" + (FormKey == Guid.Empty ? Guid.NewGuid() : FormKey).ToString("N"),
                PaymentChannels.Office,
                Target == PaymentTargets.RepairFund ? PaymentTargets.RepairFund : PaymentTargets.Bill,
                Reference!,
                amount!.Value,
                PaidOn!.Value,
                period,
                User.Identity?.Name ?? "office"), cancellationToken);
            if (outcome.Posted)
                return RedirectToPage("/Office/Billing/Payment", new { paymentId = outcome.PaymentId });
            Error = text["PaymentProblem_" + outcome.Problem];
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var query = db.Payments.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Query))
        {
            var q = Query.Trim();
            query = query.Where(p => p.Reference == q || p.ReceiptNumber == q);
        }

        Latest = await query.OrderByDescending(p => p.Id).Take(Shown).ToListAsync(cancellationToken);
    }
}
