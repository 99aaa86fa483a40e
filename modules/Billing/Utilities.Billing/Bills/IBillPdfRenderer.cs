namespace Utilities.Billing.Bills;

/// <summary>Prints a bill as PDF from its stored document. Optional: without one the cabinet says the PDF is unavailable (503).</summary>
internal interface IBillPdfRenderer
{
    byte[] Render(BillDocument bill);
}
