using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Utilities.Contracts;
using Utilities.RepairFund.Data;
using Utilities.RepairFund.Statements;

namespace Utilities.RepairFund.Consumer;

internal sealed record ContributionMonth(DateOnly Month, decimal Charged, decimal Paid, decimal Open);

internal sealed record ConsumerPremisesFund(
    long PremisesId,
    string Address,
    string PremisesNumber,
    decimal Debt,
    decimal Penalties,
    IReadOnlyList<ContributionMonth> Months,
    bool SpecialAccount,
    decimal Accumulated,
    decimal Spent,
    decimal Balance,
    IReadOnlyList<Work> Works,
    IReadOnlyList<StatementMonth> History);

/// <summary>
/// What a consumer sees of the repair fund, per premises of their cabinet (the web cabinet and
/// the kiosk alike): the premises' contributions by month and its debt, and the building's fund:
/// accumulated (owners' payments), spent, what it holds, the planned works, month by month.
/// </summary>
internal sealed class ConsumerFunds(RepairFundDbContext db, IConsumerAccounts accounts, FundStatement statement)
{
    public static string MonthLabel(DateOnly month) => month.ToString("MM.yyyy", CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<ConsumerPremisesFund>> ListAsync(long consumerId, CancellationToken cancellationToken)
    {
        var view = await accounts.ViewAsync(consumerId, cancellationToken);
        var premises = view.Accounts.GroupBy(a => a.PremisesId).Select(g => g.First()).OrderBy(a => a.PremisesId).ToList();
        var result = new List<ConsumerPremisesFund>();
        foreach (var p in premises)
        {
            var fund = await db.Funds.AsNoTracking().FirstOrDefaultAsync(f => f.BuildingId == p.BuildingId, cancellationToken);
            if (fund is null)
                continue;
            var months = (await db.Entries.AsNoTracking()
                    .Where(e => e.PremisesId == p.PremisesId && e.ForPeriod != null && e.Kind != EntryKind.Penalty)
                    .GroupBy(e => e.ForPeriod)
                    .Select(g => new
                    {
                        Month = g.Key!.Value,
                        Charged = g.Where(e => e.Kind == EntryKind.Charge || e.Kind == EntryKind.Recalculation).Sum(e => e.Amount),
                        Paid = -g.Where(e => e.Kind == EntryKind.Payment || e.Kind == EntryKind.AdvanceApplied).Sum(e => e.Amount),
                        Open = g.Sum(e => e.Amount),
                    })
                    .OrderByDescending(m => m.Month)
                    .Take(24)
                    .ToListAsync(cancellationToken))
                .OrderBy(m => m.Month)
                .Select(m => new ContributionMonth(m.Month, m.Charged, m.Paid, m.Open))
                .ToList();
            var debt = await db.Entries.Where(e => e.PremisesId == p.PremisesId).SumAsync(e => e.Amount, cancellationToken);
            var penalties = await db.Entries.Where(e => e.PremisesId == p.PremisesId && e.Kind == EntryKind.Penalty).SumAsync(e => e.Amount, cancellationToken);
            var history = await statement.MonthsAsync(p.BuildingId, cancellationToken);
            var accumulated = history.Count == 0 ? 0m : history[^1].Accumulated;
            var spent = history.Count == 0 ? 0m : history[^1].SpentToDate;
            var works = await db.Works.AsNoTracking().Where(w => w.BuildingId == p.BuildingId && w.Status != "cancelled")
                .OrderBy(w => w.PlannedYear).ThenBy(w => w.Id).ToListAsync(cancellationToken);
            result.Add(new ConsumerPremisesFund(p.PremisesId, p.BuildingAddress, p.PremisesNumber, debt, penalties, months, fund.IsSpecial,
                accumulated, spent, accumulated - spent, works, history.TakeLast(24).ToList()));
        }

        return result;
    }
}

/// <summary>The fund's line on the consumer's dashboard (cabinet and kiosk): the contributions owed, with a link to the fund's page.</summary>
internal sealed class RepairFundWidget(RepairFundDbContext db) : ICabinetWidget
{
    public int Order => 40;

    public string PartialView => "_RepairFundWidget";

    public async Task<object?> LoadAsync(CabinetView cabinet, CancellationToken cancellationToken)
    {
        var premises = cabinet.Accounts.Select(a => a.PremisesId).Distinct().ToArray();
        if (premises.Length == 0)
            return null;
        var debt = await db.Entries.Where(e => premises.Contains(e.PremisesId)).SumAsync(e => e.Amount, cancellationToken);
        return new RepairFundWidgetModel(debt);
    }
}

internal sealed record RepairFundWidgetModel(decimal Debt);
