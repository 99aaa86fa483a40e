using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Billing.Data;
using Utilities.Billing.Payments.Office;

namespace Utilities.Billing.Pages.Office.Billing;

/// <summary>One payment: what it named, how it was split, and its receipt to print (PDF).</summary>
internal sealed class PaymentModel(PaymentDetails details) : PageModel
{
    public Payment Payment { get; private set; } = null!;

    public Receipt Receipt { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long paymentId, CancellationToken cancellationToken)
    {
        if (await details.FindAsync(paymentId, cancellationToken) is not { } found)
            return NotFound();
        (Payment, Receipt) = found;
        return Page();
    }

    public async Task<IActionResult> OnGetReceiptAsync(long paymentId, CancellationToken cancellationToken)
    {
        if (await details.FindAsync(paymentId, cancellationToken) is not { } found)
            return NotFound();
        return File(ReceiptPdf.Render(found.Receipt), "application/pdf", $"receipt-{found.Receipt.Number}.pdf");
    }
}
