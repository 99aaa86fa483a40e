using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Events;
using Utilities.Contracts;
using Utilities.Platform.Messaging;
using Utilities.RepairFund.Data;

namespace Utilities.RepairFund.Payments;

/// <summary>
/// The fund's share of payments, from Billing: each payment once (its id is recorded with the
/// entries), a share for a month up to what that month still owes and the rest as an advance
/// (a payment straight into the fund, or one without a month, is an advance from the start).
/// </summary>
internal sealed class RepairFundPaymentsHandler(RepairFundDbContext db, IPremisesOwnership ownership)
    : IdempotentEventHandler<RepairFundPaymentsAllocated, RepairFundDbContext>(db)
{
    protected override string HandlerName => "repair-fund.payments";

    protected override async Task ApplyAsync(RepairFundPaymentsAllocated @event, IntegrationEvent<RepairFundPaymentsAllocated> message, CancellationToken cancellationToken)
    {
        var ids = @event.Shares.Select(s => s.PaymentId).Distinct().ToArray();
        if (ids.Length == 0)
            return;
        var now = DateTimeOffset.UtcNow;
        var fresh = (await Db.Database.SqlQuery<long>($"""
            insert into repair_fund.payments_received (payment_id, received_at) select unnest({ids}::bigint[]), {now}
            on conflict (payment_id) do nothing returning payment_id as "Value"
            """).ToListAsync(cancellationToken)).ToHashSet();
        var shares = @event.Shares.Where(s => fresh.Contains(s.PaymentId) && s.Amount != 0).ToList();
        if (shares.Count == 0)
            return;

        var premisesIds = shares.Select(s => s.PremisesId).Distinct().ToArray();
        var buildings = (await ownership.DescribeAsync(premisesIds, cancellationToken)).ToDictionary(p => p.Key, p => p.Value.BuildingId);
        var open = (await Db.Entries.AsNoTracking()
                .Where(e => premisesIds.Contains(e.PremisesId) && e.ForPeriod != null && e.Kind != EntryKind.Penalty)
                .GroupBy(e => new { e.PremisesId, e.ForPeriod })
                .Select(g => new { g.Key.PremisesId, g.Key.ForPeriod, Open = g.Sum(e => e.Amount) })
                .ToListAsync(cancellationToken))
            .ToDictionary(o => (o.PremisesId, o.ForPeriod!.Value), o => o.Open);

        foreach (var share in shares)
        {
            var building = buildings.GetValueOrDefault(share.PremisesId);
            var posted = new DateOnly(share.PaidOn.Year, share.PaidOn.Month, 1);
            var toMonth = 0m;
            DateOnly? month = share.Period is { } p ? new DateOnly(p.Year, p.Month, 1) : null;
            if (month is { } m && share.Amount > 0)
            {
                var owed = Math.Max(0m, open.GetValueOrDefault((share.PremisesId, m)));
                toMonth = Math.Min(share.Amount, owed);
                open[(share.PremisesId, m)] = owed - toMonth;
            }

            if (toMonth != 0)
                Db.Entries.Add(Payment(share.PaymentId, share.PremisesId, building, posted, month, share.PaidOn, -toMonth, now));
            if (share.Amount - toMonth != 0)
                Db.Entries.Add(Payment(share.PaymentId, share.PremisesId, building, posted, null, share.PaidOn, -(share.Amount - toMonth), now));
        }
    }

    private static Entry Payment(long paymentId, long premisesId, long buildingId, DateOnly posted, DateOnly? month, DateOnly paidOn, decimal amount, DateTimeOffset now) => new()
    {
        PremisesId = premisesId,
        BuildingId = buildingId,
        Kind = EntryKind.Payment,
        Period = posted,
        ForPeriod = month,
        EntryDate = paidOn,
        Amount = amount,
        PaymentId = paymentId,
        CreatedAt = now,
    };
}
