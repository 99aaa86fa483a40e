using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;
using Utilities.Contracts;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Payments.Office;

/// <summary>A payment with how it was split, and its receipt: for the office's payment pages (staff only).</summary>
internal sealed class PaymentDetails(BillingDbContext db, IBillingFacts facts, IAccountDirectory accounts, IEnumerable<IUtilityPlugin> plugins)
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public async Task<(Payment Payment, Receipt Receipt)?> FindAsync(long paymentId, CancellationToken cancellationToken)
    {
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
        if (payment is null)
            return null;
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => e.PaymentId == paymentId).OrderBy(e => e.ForPeriod).ThenBy(e => e.AccountId).ToListAsync(cancellationToken);
        var numbers = await accounts.FindAsync(entries.Select(e => e.AccountId).Distinct().ToList(), cancellationToken);
        var names = plugins.ToDictionary(p => p.Code, p => p.DisplayName.Russian, StringComparer.Ordinal);
        var split = entries.Select(e =>
        {
            var account = numbers.GetValueOrDefault(e.AccountId);
            var service = account is null ? e.AccountId.ToString(CultureInfo.InvariantCulture) : $"{names.GetValueOrDefault(account.Utility, account.Utility)}, л/с {account.Number}";
            var what = e.Kind switch
            {
                LedgerKind.Payment => $"{service}: за {e.ForPeriod!.Value.ToString("MM.yyyy", Ru)}",
                LedgerKind.PenaltyPayment => $"{service}: пени",
                _ => $"{service}: аванс",
            };
            return (what, -e.Amount);
        }).ToList();
        if (payment.RepairFundShare != 0)
            split.Add(("Взнос на капитальный ремонт", payment.RepairFundShare));
        var payer = (await facts.PayersAsync([payment.PremisesId], cancellationToken)).GetValueOrDefault(payment.PremisesId);
        var centre = (await facts.OrganisationsAsync(cancellationToken)).FirstOrDefault(o => o.Kind == "centre");
        var receipt = new Receipt(
            payment.ReceiptNumber ?? payment.Id.ToString(CultureInfo.InvariantCulture),
            payment.PaidOn,
            payment.ReceivedAt,
            payment.Channel switch
            {
                PaymentChannels.Office => "в офисе расчётного центра",
                PaymentChannels.Online => "онлайн",
                PaymentChannels.Kiosk => "картой в терминале",
                _ => "через банк (реестр)",
            },
            centre?.Name ?? string.Empty,
            centre?.Inn ?? string.Empty,
            payer?.PayerCode ?? payment.Reference,
            payer?.FullName ?? string.Empty,
            payer?.Address ?? string.Empty,
            payment.Amount,
            payment.ForPeriod?.ToString("MM.yyyy", Ru),
            payment.RecordedBy,
            split);
        return (payment, receipt);
    }
}
