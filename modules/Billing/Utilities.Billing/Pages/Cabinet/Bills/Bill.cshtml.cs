using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Utilities.Billing.Bills;
using Utilities.Platform.Identity;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Pages.Cabinet.Bills;

/// <summary>One bill as issued (its stored document), with what to expect next on each account: tariffs and an estimate.</summary>
internal sealed class BillModel(ConsumerBills bills, BillOutlook outlook, IEnumerable<IUtilityPlugin> plugins) : PageModel
{
    /// <summary>A register's name as its plugin gives it ("День (T1)"), not its code; the code when no plugin knows it.</summary>
    public string RegisterName(string code) =>
        plugins.SelectMany(p => p.Registers).FirstOrDefault(r => r.Code == code)?.Name.In(CultureInfo.CurrentUICulture) ?? code;

    /// <summary>
    /// A tariff component's name as the account's utility plugin gives it ("Компонент на тепловую энергию"), not its code.
    /// The same code names different things in different shapes (T1: "День" of two zones, "Пик" of three), so the tariff's shape decides.
    /// </summary>
    public string ComponentName(string utility, OutlookPrice price) =>
        plugins.Where(p => p.Code == utility).SelectMany(p => p.Tariffs?.Shapes ?? []).Where(s => price.Shape is null || s.Code == price.Shape)
            .SelectMany(s => s.Components).FirstOrDefault(c => c.Code == price.Component)?.Name.In(CultureInfo.CurrentUICulture) ?? price.Component;

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
