using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Utilities.Billing;
using Utilities.Contracts;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;
using Utilities.RepairFund.Data;

namespace Utilities.RepairFund.Charging;

/// <summary>
/// A month's contributions, set-based in one transaction of this module: the owners and areas of
/// all premises are copied from Contracts' stream into a temporary table, then each month of the
/// recalculation window is charged in SQL (area × owner's share × rate × days of the rate / days of
/// the month, each line rounded to kopecks), the charged month as charge lines, the months before
/// as the difference to what they hold. Then advances pay the oldest months and penalties accrue.
/// </summary>
internal sealed class ContributionCharging(
    RepairFundDbContext db, IPremisesOwnership ownership, ISettings settings, IClock clock, PenaltyStep penalties) : IRepairFundCharging
{
    public async Task<RepairFundChargeResult> ChargeAsync(DateOnly period, CancellationToken cancellationToken)
    {
        period = new DateOnly(period.Year, period.Month, 1);
        var periodEnd = period.AddMonths(1).AddDays(-1);
        var window = await settings.GetAsync(RepairFundSettings.RecalculationMonths, period, cancellationToken);
        var now = clock.Now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One charging of a period at a time (a run and an operator's button racing).
        await db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock(hashtext('repair_fund.charge'))", cancellationToken);
        await CopyOwnersAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"delete from repair_fund.entries where period = {period} and kind in (0, 1, 3, 4)", cancellationToken);

        var from = period.AddMonths(-Math.Max(0, window));
        await db.Database.ExecuteSqlRawAsync("""
            create temporary table rf_expected on commit drop as
            with months as (
                select m::date as ms, (m + interval '1 month' - interval '1 day')::date as me
                from generate_series(@from::date, @period::date, interval '1 month') m
                where m::date = @period or exists (select 1 from repair_fund.charged_periods c where c.period = m::date)),
            rates as (
                select valid_from, coalesce(lead(valid_from) over (order by valid_from) - 1, 'infinity'::date) as valid_to, rate_per_sqm as rate
                from repair_fund.contribution_rates),
            seg as (
                select o.premises_id, o.building_id, o.owner_id, o.area, o.share, r.rate, mo.ms,
                       greatest(mo.ms, r.valid_from, f.obligation_starts_on) as s,
                       least(mo.me, r.valid_to, coalesce(f.in_disrepair_from - 1, mo.me)) as e,
                       mo.me - mo.ms + 1 as dim
                from rf_owned o
                join repair_fund.funds f on f.building_id = o.building_id
                cross join months mo
                join rates r on r.valid_from <= mo.me and r.valid_to >= mo.ms
                where not o.social)
            select premises_id, building_id, owner_id, area, share, rate, ms, s, e,
                   round(area * share * rate * (e - s + 1) / dim, 2) as amount
            from seg where e >= s
            """, [new NpgsqlParameter("from", from), new NpgsqlParameter("period", period)], cancellationToken);

        await db.Database.ExecuteSqlRawAsync("""
            insert into repair_fund.entries (premises_id, building_id, owner_id, kind, period, for_period, entry_date, amount, line_from, line_to, area, rate, share, created_at)
            select premises_id, building_id, owner_id, 0, @period, @period, @periodEnd, amount, s, e, area, rate, share, @now
            from rf_expected where ms = @period and amount <> 0
            """, [new NpgsqlParameter("period", period), new NpgsqlParameter("periodEnd", periodEnd), new NpgsqlParameter("now", now)], cancellationToken);

        // What the months before should hold, against what they do: the difference is the recalculation.
        await db.Database.ExecuteSqlRawAsync("""
            insert into repair_fund.entries (premises_id, building_id, owner_id, kind, period, for_period, entry_date, amount, created_at)
            select coalesce(x.premises_id, p.premises_id), coalesce(x.building_id, p.building_id), coalesce(x.owner_id, p.owner_id), 1,
                   @period, coalesce(x.ms, p.for_period), @periodEnd, coalesce(x.amount, 0) - coalesce(p.amount, 0), @now
            from (select premises_id, min(building_id) as building_id, owner_id, ms, sum(amount) as amount
                  from rf_expected where ms < @period group by premises_id, owner_id, ms) x
            full join (select premises_id, min(building_id) as building_id, owner_id, for_period, sum(amount) as amount
                       from repair_fund.entries where kind in (0, 1) and for_period >= @from and for_period < @period
                       group by premises_id, owner_id, for_period) p
              on p.premises_id = x.premises_id and p.for_period = x.ms and coalesce(p.owner_id, 0) = coalesce(x.owner_id, 0)
            where coalesce(x.amount, 0) <> coalesce(p.amount, 0)
            """, [new NpgsqlParameter("from", from), new NpgsqlParameter("period", period), new NpgsqlParameter("periodEnd", periodEnd), new NpgsqlParameter("now", now)], cancellationToken);

        await ApplyAdvancesAsync(period, periodEnd, now, cancellationToken);
        await penalties.AccrueAsync(db, period, now, cancellationToken);

        var totals = await db.Entries.Where(e => e.Period == period)
            .GroupBy(e => 1)
            .Select(g => new
            {
                Premises = g.Where(e => e.Kind == EntryKind.Charge).Select(e => e.PremisesId).Distinct().Count(),
                Charged = g.Where(e => e.Kind == EntryKind.Charge).Sum(e => e.Amount),
                Recalculated = g.Where(e => e.Kind == EntryKind.Recalculation).Sum(e => e.Amount),
                Penalties = g.Where(e => e.Kind == EntryKind.Penalty).Sum(e => e.Amount),
            })
            .FirstOrDefaultAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            insert into repair_fund.charged_periods (period, charged_at, premises, amount) values ({period}, {now}, {totals?.Premises ?? 0}, {totals?.Charged ?? 0m})
            on conflict (period) do update set charged_at = excluded.charged_at, premises = excluded.premises, amount = excluded.amount
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RepairFundChargeResult(period, totals?.Premises ?? 0, totals?.Charged ?? 0m, totals?.Recalculated ?? 0m, totals?.Penalties ?? 0m);
    }

    private async Task CopyOwnersAsync(CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync(
            "create temporary table rf_owned (premises_id bigint not null, building_id bigint not null, area numeric(10,2) not null, social boolean not null, owner_id bigint, share numeric not null) on commit drop",
            cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "copy rf_owned (premises_id, building_id, area, social, owner_id, share) from stdin (format binary)", cancellationToken))
        {
            await foreach (var o in ownership.StreamAsync(cancellationToken))
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(o.PremisesId, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(o.BuildingId, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(o.Area, NpgsqlDbType.Numeric, cancellationToken);
                await copy.WriteAsync(o.SocialTenancy, NpgsqlDbType.Boolean, cancellationToken);
                if (o.OwnerId is { } owner)
                    await copy.WriteAsync(owner, NpgsqlDbType.Bigint, cancellationToken);
                else
                    await copy.WriteNullAsync(cancellationToken);
                await copy.WriteAsync(o.Share, NpgsqlDbType.Numeric, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await db.Database.ExecuteSqlRawAsync("analyze rf_owned", cancellationToken);
    }

    /// <summary>
    /// Advances (payments beyond what was owed) pay the premises' open months, oldest first: the
    /// months are laid end to end and the advance covers them up to its amount, each piece a pair
    /// of entries (+ without a month, − on the month); the premises' total does not change.
    /// </summary>
    private Task<int> ApplyAdvancesAsync(DateOnly period, DateOnly periodEnd, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("""
            with advance as (
                select premises_id, min(building_id) as building_id, -sum(amount) as amount
                from repair_fund.entries where for_period is null group by premises_id having sum(amount) < 0),
            owed as (
                select e.premises_id, e.for_period, sum(e.amount) as amount
                from repair_fund.entries e
                where e.for_period is not null and e.kind <> 4 and e.premises_id in (select premises_id from advance)
                group by e.premises_id, e.for_period having sum(e.amount) > 0),
            laid as (select o.*, sum(o.amount) over (partition by o.premises_id order by o.for_period) as upto from owed o),
            pieces as (
                select l.premises_id, a.building_id, l.for_period, least(a.amount, l.upto) - (l.upto - l.amount) as amount
                from laid l join advance a on a.premises_id = l.premises_id
                where l.upto - l.amount < a.amount)
            insert into repair_fund.entries (premises_id, building_id, kind, period, for_period, entry_date, amount, created_at)
            select premises_id, building_id, 3, @period, null, @periodEnd, amount, @now from pieces
            union all
            select premises_id, building_id, 3, @period, for_period, @periodEnd, -amount, @now from pieces
            """, [new NpgsqlParameter("period", period), new NpgsqlParameter("periodEnd", periodEnd), new NpgsqlParameter("now", now)], cancellationToken);
}
