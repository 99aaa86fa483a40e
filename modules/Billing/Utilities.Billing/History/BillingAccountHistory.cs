using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Billing.Data;
using Utilities.Billing.Resources;
using Utilities.Platform.History;

namespace Utilities.Billing.History;

/// <summary>The extract's charge lines and ledger (charges, payments, penalties, adjustments), oldest first (issue 11).</summary>
internal sealed class BillingAccountHistory(BillingDbContext db, IStringLocalizer<PaymentText> t) : IAccountHistorySource
{
    public int Order => 20;

    public async Task<IReadOnlyList<AccountHistorySection>> ReadAsync(long accountId, CancellationToken cancellationToken)
    {
        var lines = await db.ChargeLines.AsNoTracking().Where(l => l.AccountId == accountId).OrderBy(l => l.Period).ThenBy(l => l.Id).ToListAsync(cancellationToken);
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == accountId).OrderBy(e => e.EntryDate).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        if (lines.Count == 0 && entries.Count == 0)
            return [];
        var paymentIds = entries.Where(e => e.PaymentId != null).Select(e => e.PaymentId!.Value).Distinct().ToArray();
        var receipts = await db.Payments.AsNoTracking().Where(p => paymentIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.ReceiptNumber ?? p.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
        var culture = CultureInfo.CurrentCulture;
        string Month(DateOnly? d) => d?.ToString("MM.yyyy", CultureInfo.InvariantCulture) ?? "—";
        string Money(decimal m) => m.ToString("N2", culture);
        return
        [
            new AccountHistorySection(t["Extract_Charges"], [t["Extract_Period"], t["Extract_ForPeriod"], t["Extract_Component"], t["Extract_Volume"], t["Extract_Price"], t["Extract_Amount"], t["Extract_Reason"]],
                lines.Select(l => (IReadOnlyList<string>)[Month(l.Period), Month(l.ForPeriod), l.Component + (l.Register is null ? string.Empty : "/" + l.Register),
                    $"{l.Volume.ToString("0.###", culture)} {l.Unit}", l.Price.ToString("0.####", culture), Money(l.Amount), l.Reason ?? string.Empty]).ToList()),
            new AccountHistorySection(t["Extract_Ledger"], [t["Extract_Date"], t["Extract_ForPeriod"], t["Extract_Kind"], t["Extract_Amount"], t["Extract_Payment"]],
                entries.Select(e => (IReadOnlyList<string>)[e.EntryDate.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), Month(e.ForPeriod), t["Extract_Kind_" + e.Kind].Value,
                    Money(e.Amount), e.PaymentId is { } p && receipts.TryGetValue(p, out var r) ? r : string.Empty]).ToList()),
        ];
    }
}
