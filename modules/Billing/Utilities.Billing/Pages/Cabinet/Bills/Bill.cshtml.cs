using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Billing.Bills;
using Utilities.Platform.Identity;

namespace Utilities.Billing.Pages.Cabinet.Bills;

/// <summary>One bill as issued (its stored document), with what to expect next on each account: tariffs and an estimate.</summary>
internal sealed class BillModel(ConsumerBills bills, BillOutlook outlook) : PageModel
{
    public ConsumerBill Bill { get; private set; } = null!;

    public IReadOnlyList<AccountOutlook> Outlook { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long billId, CancellationToken cancellationToken)
    {
        var consumerId = User.ConsumerId() ?? throw new InvalidOperationException("the consumer policies let consumers in only");
        if (await bills.FindAsync(consumerId, billId, cancellationToken) is not { } bill)
            return NotFound();
        Bill = bill;
        Outlook = await outlook.ForAsync(bill.Accounts, bill.Summary.Period, cancellationToken);
        return Page();
    }
}
