using Microsoft.EntityFrameworkCore;
using Utilities.Notifications.Data;
using Utilities.Platform.Settings;

namespace Utilities.Notifications.Interruptions;

/// <summary>
/// Hours over the permitted interruption limits per account and month (Rules 354, Appendix 1;
/// domain.md): each event's duration is taken within the month (in the centre's time zone), and
/// the excess is max(Σ (duration − single-event limit)⁺, Σ duration − monthly limit) per service.
/// One query over the month's interruptions.
/// </summary>
internal sealed class InterruptionQuery(NotificationsDbContext db, ISettings settings) : IInterruptionQuery
{
    public async Task<IReadOnlyList<OverLimitHours>> OverLimitAsync(DateOnly period, CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await settings.GetCurrentAsync(PlatformSettings.TimeZone, cancellationToken));
        period = new DateOnly(period.Year, period.Month, 1);
        DateTimeOffset Start(DateOnly d)
        {
            var local = d.ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        }

        var from = Start(period);
        var to = Start(period.AddMonths(1));
        var limits = InterruptionLimits.All;
        var utilities = limits.Keys.ToArray();
        var single = limits.Values.Select(l => l.SingleHours).ToArray();
        var monthly = limits.Values.Select(l => l.MonthlyHours).ToArray();
        var rows = await db.Database.SqlQuery<Row>($"""
            with e as (
                select i.account_id, i.utility,
                       extract(epoch from least(i.ended_at, {to}) - greatest(i.started_at, {from})) / 3600.0 as hours
                from notifications.interruptions i
                where i.started_at < {to} and i.ended_at > {from}),
            l as (select * from unnest({utilities}, {single}, {monthly}) as l(utility, single_hours, monthly_hours)),
            a as (
                select e.account_id, e.utility, count(*)::int as events, sum(e.hours) as total,
                       sum(greatest(e.hours - l.single_hours, 0)) as over_single,
                       coalesce(sum(e.hours) - min(l.monthly_hours), 0) as over_monthly
                from e join l on l.utility = e.utility
                group by e.account_id, e.utility)
            select account_id, utility,
                   round(greatest(over_single, over_monthly, 0)::numeric, 2) as hours, events, round(total::numeric, 2) as total_hours
            from a where greatest(over_single, over_monthly) > 0.005
            order by account_id, utility
            """).ToListAsync(cancellationToken);
        return rows.Select(r => new OverLimitHours(r.AccountId, r.Utility, r.Hours, r.Events, r.TotalHours)).ToList();
    }

    private sealed class Row
    {
        public long AccountId { get; init; }

        public required string Utility { get; init; }

        public decimal Hours { get; init; }

        public int Events { get; init; }

        public decimal TotalHours { get; init; }
    }
}

/// <summary>
/// The permitted interruptions per service (Rules 354, Appendix 1, via domain.md): cold and hot
/// water 8 h a month in total and 4 h at once; electricity 2 h at once (two independent supplies:
/// the stricter case, taken as the default); heating 24 h a month in total and 16 h at once (at
/// 12 °C indoors; the lower temperatures' shorter limits need indoor readings we do not have).
/// Electricity has no monthly total in domain.md: null, only the single-event term counts.
/// </summary>
internal sealed record InterruptionLimit(double SingleHours, double? MonthlyHours);

internal static class InterruptionLimits
{
    public static readonly IReadOnlyDictionary<string, InterruptionLimit> All = new Dictionary<string, InterruptionLimit>(StringComparer.Ordinal)
    {
        ["cold-water"] = new(4, 8),
        ["hot-water"] = new(4, 8),
        ["electricity"] = new(2, null),
        ["heating"] = new(16, 24),
    };
}
