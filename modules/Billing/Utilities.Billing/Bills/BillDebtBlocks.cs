using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;

namespace Utilities.Billing.Bills;

/// <summary>
/// The bill's penalty block and instalment schedule for a chunk of premises, in one indexed read
/// of their penalty and instalment entries (issue 7).
/// </summary>
internal static class BillDebtBlocks
{
    public static async Task<ILookup<long, (long AccountId, LedgerKind Kind, DateOnly Month, decimal Amount)>> ReadAsync(
        BillingDbContext db, DateOnly period, long[] premisesIds, CancellationToken cancellationToken) =>
        (await db.LedgerEntries.AsNoTracking()
            .Where(e => premisesIds.Contains(e.PremisesId)
                && ((e.Kind == LedgerKind.Penalty && e.ForPeriod == period) || (e.Kind == LedgerKind.Instalment && e.Amount > 0 && e.ForPeriod >= period)))
            .Select(e => new { e.PremisesId, e.AccountId, e.Kind, e.ForPeriod, e.Amount })
            .ToListAsync(cancellationToken))
        .ToLookup(e => e.PremisesId, e => (e.AccountId, e.Kind, e.ForPeriod!.Value, e.Amount));

    public static BillDocument Apply(BillDocument document, IEnumerable<(long AccountId, LedgerKind Kind, DateOnly Month, decimal Amount)> entries, IReadOnlyDictionary<long, string> accountNumbers)
    {
        var list = entries.ToList();
        if (list.Count == 0)
            return document;
        string Number(long id) => accountNumbers.GetValueOrDefault(id, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string Service(long id) => document.Services.FirstOrDefault(s => s.AccountNumber == Number(id))?.Service ?? Number(id);
        return document with
        {
            PenaltyLines = list.Where(e => e.Kind == LedgerKind.Penalty).GroupBy(e => e.AccountId)
                .Select(g => new BillPenalty(Service(g.Key), Number(g.Key), g.Sum(e => e.Amount))).ToList(),
            Instalments = list.Where(e => e.Kind == LedgerKind.Instalment).GroupBy(e => (e.AccountId, e.Month))
                .OrderBy(g => g.Key.Month).Select(g => new BillInstalmentPart(Service(g.Key.AccountId), g.Key.Month, g.Sum(e => e.Amount))).ToList(),
        };
    }
}
