using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing.Bills;
using Utilities.Platform.Identity;

namespace Utilities.Billing.Pages.Cabinet.Bills;

/// <summary>The bill as PDF, from the same stored document; without a renderer in this host the page says so (503).</summary>
internal sealed class PdfModel(ConsumerBills bills, IServiceProvider services) : PageModel
{
    public long BillId { get; private set; }

    public async Task<IActionResult> OnGetAsync(long billId, CancellationToken cancellationToken)
    {
        var consumerId = User.ConsumerId() ?? throw new InvalidOperationException("the consumer policies let consumers in only");
        if (await bills.FindAsync(consumerId, billId, cancellationToken) is not { } bill)
            return NotFound();
        BillId = billId;
        if (services.GetService<IBillPdfRenderer>() is not { } renderer)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }

        var fileName = "bill-" + bill.Summary.Number.Replace('/', '-') + ".pdf";
        return File(renderer.Render(bill.Document), "application/pdf", fileName);
    }
}
