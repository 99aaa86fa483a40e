using FluentMigrator;

namespace Utilities.Metering.Migrations;

/// <summary>
/// Measured consumption for integrators (OData <c>Consumption</c> and <c>DailyConsumption</c>, issue 11):
/// per meter, register and month (or day) the last confirmed reading of it, the reading before it and
/// their difference with the counter's rollover (the rule of <c>MeterArithmetic.Consumption</c>).
/// The owner and utility columns are in the DISTINCT ON list although the meter determines them: that
/// lets PostgreSQL push a filter on them (an API client's scope, a <c>$filter</c>) into the readings scan
/// instead of computing the whole view first. A month opens with the latest confirmed reading of an earlier
/// month, else the first of the same one. A day is the one a value ends (the value at 00:00 closes the day
/// before, as <c>IConsumptionQuery.DailyAsync</c> counts) and opens with the value at or before its 00:00.
/// A reading after the meter's verification lapsed does not count.
/// </summary>
[Migration(5, "metering: consumption views")]
public sealed class M0005_ConsumptionViews : Migration
{
    public override void Up() => Execute.Sql("""
        create view metering.consumption_monthly as
        select c.meter_id, c.account_id, c.building_id, c.utility, c.register, c.period,
               coalesce(prev.value, first_in.value) as opening, c.value as closing, c.taken_at as closing_taken_at,
               case when coalesce(prev.value, first_in.value) is null then null
                    when c.value >= coalesce(prev.value, first_in.value) then c.value - coalesce(prev.value, first_in.value)
                    when c.digit_capacity between 1 and 18 then c.value + power(10::numeric, c.digit_capacity) - coalesce(prev.value, first_in.value)
               end as volume
        from (
            select distinct on (r.meter_id, m.account_id, m.building_id, m.utility, r.register, r.period)
                   r.meter_id, m.account_id, m.building_id, m.utility, m.digit_capacity, r.register, r.period, r.value, r.taken_at
            from metering.readings r join metering.meters m on m.id = r.meter_id
            where r.status = 'confirmed' and r.taken_at < (m.verified_until + 1)::timestamp
            order by r.meter_id, m.account_id, m.building_id, m.utility, r.register, r.period, r.taken_at desc
        ) c
        left join lateral (
            select p.value from metering.readings p
            where p.meter_id = c.meter_id and p.register = c.register and p.status = 'confirmed' and p.period < c.period
            order by p.taken_at desc limit 1) prev on true
        left join lateral (
            select f.value from metering.readings f
            where prev.value is null and f.meter_id = c.meter_id and f.register = c.register and f.status = 'confirmed' and f.period = c.period
            order by f.taken_at limit 1) first_in on true;

        create view metering.consumption_daily as
        select c.meter_id, c.account_id, c.building_id, c.utility, c.register, c.day,
               prev.value as opening, c.value as closing, c.taken_at as closing_taken_at,
               case when prev.value is null then null
                    when c.value >= prev.value then c.value - prev.value
                    when c.digit_capacity between 1 and 18 then c.value + power(10::numeric, c.digit_capacity) - prev.value
               end as volume
        from (
            select distinct on (r.meter_id, m.account_id, m.building_id, m.utility, r.register, (r.taken_at - interval '1 microsecond')::date)
                   r.meter_id, m.account_id, m.building_id, m.utility, m.digit_capacity, r.register,
                   (r.taken_at - interval '1 microsecond')::date as day, r.value, r.taken_at
            from metering.readings r join metering.meters m on m.id = r.meter_id
            where r.status = 'confirmed' and r.taken_at < (m.verified_until + 1)::timestamp
            order by r.meter_id, m.account_id, m.building_id, m.utility, r.register, (r.taken_at - interval '1 microsecond')::date, r.taken_at desc
        ) c
        left join lateral (
            select p.value from metering.readings p
            where p.meter_id = c.meter_id and p.register = c.register and p.status = 'confirmed'
              and p.taken_at <= c.day::timestamp and p.taken_at > c.day::timestamp - interval '400 days'
            order by p.taken_at desc limit 1) prev on true;
        """);

    public override void Down() => Execute.Sql("drop view metering.consumption_daily; drop view metering.consumption_monthly;");
}
