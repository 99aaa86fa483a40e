using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Bills;
using Utilities.Billing.Data;
using Utilities.Platform.Auditing;

namespace Utilities.Billing.Pages.Office.Billing;

/// <summary>An operator reprints an issued bill: the PDF from the stored document, exactly as issued (audited).</summary>
internal sealed class BillPdfModel(BillingDbContext db, IBillPdfRenderer renderer, IAuditLog audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long billId, CancellationToken cancellationToken)
    {
        var bill = await db.Bills.AsNoTracking().FirstOrDefaultAsync(b => b.Id == billId, cancellationToken);
        if (bill is null || JsonSerializer.Deserialize<BillDocument>(bill.Document, BillComposer.Json) is not { } document)
            return NotFound();
        await audit.WriteAsync("billing.bill-reprinted", $"bill:{bill.Id}", bill.Number, cancellationToken);
        return File(renderer.Render(document), "application/pdf", "bill-" + bill.Number.Replace('/', '-') + ".pdf");
    }
}
