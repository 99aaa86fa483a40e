using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;
using Utilities.Contracts;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Billing.Payments.Cabinet;

/// <summary>A payment in the consumer's history.</summary>
internal sealed record PaymentLine(long Id, DateOnly PaidOn, string Channel, string Target, decimal Amount, decimal Advance, string? ReceiptNumber);

/// <summary>One month of the charts: paid in it, and the debt (advance negative) at its end.</summary>
internal sealed record LedgerMonth(DateOnly Month, decimal Paid, decimal DebtAtEnd);

/// <summary>A premises of the cabinet: what is owed now, its payments and its months, from the start of the history window.</summary>
internal sealed record PremisesLedger(long PremisesId, string Address, string PremisesNumber, decimal Balance, decimal Advance, decimal Penalties, DateOnly From, IReadOnlyList<PaymentLine> Payments, IReadOnlyList<LedgerMonth> Months)
{
    public decimal Due => Math.Max(0, Balance);
}

/// <summary>
/// The consumer's payments and debt over time (issue 7, "Consumer views"): for every premises of
/// their cabinet, never before the history window the centre sets (Cabinet.HistoryMonths) nor
/// before the earliest of their accounts there opened; older data is issued at the centre.
/// </summary>
internal sealed class ConsumerPayments(BillingDbContext db, Bills.ConsumerBills bills, ISettings settings, IClock clock)
{
    public const int PaymentsShown = 120;

    public async Task<IReadOnlyList<PremisesLedger>> ListAsync(long consumerId, CancellationToken cancellationToken)
    {
        if (await bills.ViewAsync(consumerId, cancellationToken) is not { } view)
            return [];
        var today = await clock.TodayAsync(cancellationToken);
        var months = await settings.GetCurrentAsync(Utilities.Platform.Settings.PlatformSettings.ConsumerHistoryMonths, cancellationToken);
        var windowStart = new DateOnly(today.Year, today.Month, 1).AddMonths(-(months - 1));
        var result = new List<PremisesLedger>();
        foreach (var premises in view.Accounts.GroupBy(a => a.PremisesId))
        {
            var opened = premises.Min(a => a.OpenedOn);
            var from = new DateOnly(opened.Year, opened.Month, 1) > windowStart ? new DateOnly(opened.Year, opened.Month, 1) : windowStart;
            var accountIds = premises.Select(a => a.Id).ToList();
            result.Add(await LoadAsync(premises.First(), accountIds, from, today, cancellationToken));
        }

        return result;
    }

    private async Task<PremisesLedger> LoadAsync(AccountSummary first, IReadOnlyList<long> accountIds, DateOnly from, DateOnly today, CancellationToken cancellationToken)
    {
        var premisesId = first.PremisesId;
        var balances = await db.AccountBalances.AsNoTracking().Where(b => accountIds.Contains(b.AccountId)).ToListAsync(cancellationToken);
        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.PremisesId == premisesId && p.PaidOn >= from && (p.AccountId == null || accountIds.Contains(p.AccountId.Value)))
            .OrderByDescending(p => p.PaidOn).ThenByDescending(p => p.Id).Take(PaymentsShown)
            .Select(p => new PaymentLine(p.Id, p.PaidOn, p.Channel, p.Target, p.Amount, p.Advance, p.ReceiptNumber))
            .ToListAsync(cancellationToken);

        // The debt at each month's end: everything before the window, then month by month (the consumer's own accounts only).
        var opening = await db.LedgerEntries.Where(e => accountIds.Contains(e.AccountId) && e.EntryDate < from).SumAsync(e => (decimal?)e.Amount, cancellationToken) ?? 0;
        var byMonth = (await db.LedgerEntries.AsNoTracking().Where(e => accountIds.Contains(e.AccountId) && e.EntryDate >= from)
                .Select(e => new { e.EntryDate, e.Amount }).ToListAsync(cancellationToken))
            .GroupBy(e => new DateOnly(e.EntryDate.Year, e.EntryDate.Month, 1))
            .ToDictionary(g => g.Key, g => g.Sum(e => e.Amount));
        var paidByMonth = (await db.Payments.AsNoTracking().Where(p => p.PremisesId == premisesId && p.PaidOn >= from && (p.AccountId == null || accountIds.Contains(p.AccountId.Value)))
                .Select(p => new { p.PaidOn, p.Amount }).ToListAsync(cancellationToken))
            .GroupBy(p => new DateOnly(p.PaidOn.Year, p.PaidOn.Month, 1))
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Amount));
        var monthsList = new List<LedgerMonth>();
        var debt = opening;
        for (var m = from; m <= today; m = m.AddMonths(1))
        {
            debt += byMonth.GetValueOrDefault(m);
            monthsList.Add(new LedgerMonth(m, paidByMonth.GetValueOrDefault(m), debt));
        }

        return new PremisesLedger(premisesId, first.BuildingAddress, first.PremisesNumber,
            balances.Sum(b => b.Balance), balances.Sum(b => b.Advance), balances.Sum(b => b.Penalties), from, payments, monthsList);
    }

    public static string MonthLabel(DateOnly month) => month.ToString("MM.yyyy", CultureInfo.InvariantCulture);
}
