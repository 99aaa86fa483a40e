using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing.Data;
using Utilities.Contracts;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Billing.Bills;

/// <summary>A bill in a consumer's list: its premises, period, total and due date.</summary>
internal sealed record BillSummary(long Id, long PremisesId, string Address, string PremisesNumber, DateOnly Period, string Number, decimal TotalDue, DateOnly DueDate);

/// <summary>One bill the consumer may see, with its document and the accounts of its premises in their cabinet.</summary>
internal sealed record ConsumerBill(BillSummary Summary, BillDocument Document, IReadOnlyList<AccountSummary> Accounts);

/// <summary>
/// The bills a signed-in consumer may see: those of the premises of the accounts in their cabinet
/// (<see cref="IConsumerAccounts"/>), from the month the earliest of those accounts opened (a
/// previous occupant's bills stay theirs) and within the centre's history window
/// (<see cref="PlatformSettings.ConsumerHistoryMonths"/>: older bills are issued at the centre on
/// request). Any other bill is "not found".
/// </summary>
internal sealed class ConsumerBills(BillingDbContext db, IServiceProvider services, ISettings settings, IClock clock)
{
    public const int BillsShown = 60;

    public async Task<CabinetView?> ViewAsync(long consumerId, CancellationToken cancellationToken) =>
        services.GetService<IConsumerAccounts>() is { } accounts ? await accounts.ViewAsync(consumerId, cancellationToken) : null;

    /// <summary>The cabinet's bills, newest first.</summary>
    public async Task<IReadOnlyList<BillSummary>> ListAsync(CabinetView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var from = FromByPremises(view.Accounts, await WindowStartAsync(cancellationToken));
        var premisesIds = from.Keys.ToList();
        var bills = await db.Bills.AsNoTracking().Where(b => premisesIds.Contains(b.PremisesId))
            .OrderByDescending(b => b.Period).ThenBy(b => b.PremisesId).Take(BillsShown * Math.Max(1, premisesIds.Count))
            .ToListAsync(cancellationToken);
        return bills.Where(b => b.Period >= from[b.PremisesId]).Take(BillsShown).Select(b => Summary(b, Read(b), view.Accounts)).ToList();
    }

    /// <summary>
    /// The dashboard's cut: each premises' latest bill within the window, one statement (a lateral per premises
    /// on the bills' premises index), the due date read from the document in SQL rather than parsing documents here.
    /// </summary>
    public async Task<IReadOnlyList<BillSummary>> LatestAsync(CabinetView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var from = FromByPremises(view.Accounts, await WindowStartAsync(cancellationToken));
        if (from.Count == 0)
            return [];
        var ids = from.Keys.ToArray();
        var since = ids.Select(id => from[id]).ToArray();
        var rows = await db.Database.SqlQuery<LatestBill>($"""
            select b.id, b.premises_id, b.period, b.number, b.total_due, (b.document ->> 'dueDate')::date as due_date
            from unnest({ids}::bigint[], {since}::date[]) as p(id, since)
            cross join lateral (
                select x.id, x.premises_id, x.period, x.number, x.total_due, x.document from billing.bills x
                where x.premises_id = p.id and x.period >= p.since order by x.period desc limit 1) b
            order by b.period desc, b.premises_id
            """).ToListAsync(cancellationToken);
        return rows.Select(b =>
        {
            var account = view.Accounts.First(a => a.PremisesId == b.PremisesId);
            return new BillSummary(b.Id, b.PremisesId, account.BuildingAddress, account.PremisesNumber, b.Period, b.Number, b.TotalDue, b.DueDate);
        }).ToList();
    }

    /// <summary>A row of <see cref="LatestAsync"/> (columns by their snake_case names).</summary>
    private sealed record LatestBill(long Id, long PremisesId, DateOnly Period, string Number, decimal TotalDue, DateOnly DueDate);

    /// <summary>Null when the bill does not exist or is not the consumer's to see (the page answers 404).</summary>
    public async Task<ConsumerBill?> FindAsync(long consumerId, long billId, CancellationToken cancellationToken)
    {
        if (await ViewAsync(consumerId, cancellationToken) is not { } view)
            return null;
        var from = FromByPremises(view.Accounts, await WindowStartAsync(cancellationToken));
        var bill = await db.Bills.AsNoTracking().FirstOrDefaultAsync(b => b.Id == billId, cancellationToken);
        if (bill is null || !from.TryGetValue(bill.PremisesId, out var since) || bill.Period < since)
            return null;
        var document = Read(bill);
        return new ConsumerBill(Summary(bill, document, view.Accounts), document, view.Accounts.Where(a => a.PremisesId == bill.PremisesId).ToList());
    }

    /// <summary>The first month of the history window: this month and the <see cref="PlatformSettings.ConsumerHistoryMonths"/> − 1 before it.</summary>
    private async Task<DateOnly> WindowStartAsync(CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(cancellationToken);
        var months = await settings.GetCurrentAsync(PlatformSettings.ConsumerHistoryMonths, cancellationToken);
        return new DateOnly(today.Year, today.Month, 1).AddMonths(-(months - 1));
    }

    private static Dictionary<long, DateOnly> FromByPremises(IReadOnlyList<AccountSummary> accounts, DateOnly windowStart) =>
        accounts.GroupBy(a => a.PremisesId).ToDictionary(g => g.Key, g =>
        {
            var opened = g.Min(a => a.OpenedOn);
            var since = new DateOnly(opened.Year, opened.Month, 1);
            return since > windowStart ? since : windowStart;
        });

    private static BillDocument Read(Bill bill) =>
        JsonSerializer.Deserialize<BillDocument>(bill.Document, BillComposer.Json)
        ?? throw new InvalidOperationException($"bill {bill.Id} has no document");

    private static BillSummary Summary(Bill bill, BillDocument document, IReadOnlyList<AccountSummary> accounts)
    {
        var account = accounts.First(a => a.PremisesId == bill.PremisesId);
        return new BillSummary(bill.Id, bill.PremisesId, account.BuildingAddress, account.PremisesNumber, bill.Period, bill.Number, bill.TotalDue, document.DueDate);
    }
}
