using Microsoft.Extensions.DependencyInjection;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Metering;
using Utilities.Platform.Modules;

namespace Utilities.Host.Tests;

/// <summary>
/// The Metering part of the scale data set (issue 5, "Generator"): a meter for every metered
/// account and every building heat meter; electricity 30 % two-zone and 10 % three-zone, 20 %
/// automated, 1 % expired; twelve periods of cumulative readings (monthly on the 18th–25th, period
/// by the deadline day 25; automated month-end values then daily ones), 10 % of the accounts
/// without a reading in the last period, which consumption reports as Missing.
/// </summary>
public sealed partial class ScaleDataTests
{
    /// <summary>Premises meters of the scale set (their serials are Г + the account number).</summary>
    private const string ScaleMeters = "select * from metering.meters where serial like 'Г2%'";

    [Fact]
    public async Task Every_metered_account_has_one_meter_and_every_heat_metered_building_one_heat_meter()
    {
        Assert.Equal(0L, await Db.ScalarAsync<long>("""
            select count(*) from contracts.personal_accounts a
             where a.number::bigint >= 20000001 and a.utility <> 'heating'
               and (select count(*) from metering.meters m where m.account_id = a.id and m.utility = a.utility) <> 1
            """));
        Assert.Equal(3L * Flats, await Db.ScalarAsync<long>($"select count(*) from ({ScaleMeters}) m"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("""
            select count(*) from contracts.personal_accounts a join metering.meters m on m.account_id = a.id where a.utility = 'heating'
            """));
        Assert.Equal(0L, await Db.ScalarAsync<long>("""
            select count(*) from contracts.buildings b
             where b.has_heat_meter <> exists (select 1 from metering.meters m where m.building_id = b.id and m.utility = 'heating')
                or (select count(*) from metering.meters m where m.building_id = b.id) > 1
            """));
        Assert.True(await Db.ScalarAsync<long>("select count(*) from metering.meters where serial like 'ГО-%' and is_automated") > 0);
    }

    [Fact]
    public async Task Electricity_meters_are_30_per_cent_two_zone_10_per_cent_three_zone_and_a_fifth_of_meters_automated()
    {
        var electricity = $"from ({ScaleMeters}) m where utility = 'electricity'";
        var meters = await Db.ScalarAsync<long>($"select count(*) {electricity}");
        Assert.Equal(Flats, meters);
        Assert.InRange(await Db.ScalarAsync<long>($"select count(*) {electricity} and registers = array['T1', 'T2']") / (double)meters, 0.26, 0.34);
        Assert.InRange(await Db.ScalarAsync<long>($"select count(*) {electricity} and registers = array['T1', 'T2', 'T3']") / (double)meters, 0.075, 0.125);
        Assert.Equal(0L, await Db.ScalarAsync<long>(
            $"select count(*) {electricity} and registers not in (array['T1'], array['T1', 'T2'], array['T1', 'T2', 'T3'])"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(
            $"select count(*) from ({ScaleMeters}) m where utility <> 'electricity' and (registers <> array['total'] or digit_capacity <> 5)"));

        var all = 3.0 * Flats;
        Assert.InRange(await Db.ScalarAsync<long>($"select count(*) from ({ScaleMeters}) m where is_automated") / all, 0.18, 0.22);
        var expired = await Db.ScalarAsync<long>($"select count(*) from ({ScaleMeters}) m where verified_until < current_date");
        Assert.InRange(expired / all, 0.004, 0.02);
        Assert.Equal(expired, await Db.ScalarAsync<long>(
            $"select count(*) from ({ScaleMeters}) m where faulty_since = verified_until + 1"));
        Assert.InRange(await Db.ScalarAsync<long>(
            $"select count(*) from ({ScaleMeters}) m where verified_until between current_date and current_date + 90") / all, 0.03, 0.07);
        Assert.Equal(0L, await Db.ScalarAsync<long>($"select count(*) from ({ScaleMeters}) m where installed_on >= verified_until"));

        // Only a meter of an account opened within the year of readings went in within it, when the account opened.
        Assert.Equal(0L, await Db.ScalarAsync<long>($"""
            select count(*) from ({ScaleMeters}) m join contracts.personal_accounts a on a.id = m.account_id
             where m.installed_on >= date_trunc('month', current_date) - interval '13 months' and m.installed_on <> a.opened_on
            """));
    }

    [Fact]
    public async Task Twelve_periods_of_readings_with_a_tenth_of_the_accounts_missing_the_last()
    {
        var last = await LastPeriodAsync(Db);
        Assert.Equal(last, await Db.ScalarAsync<DateOnly>("select (date_trunc('month', current_date) - interval '1 month')::date"));

        // Manual readings: taken on the 18th–25th at noon, counting for that month (deadline day 25).
        Assert.Equal(0L, await Db.ScalarAsync<long>($"""
            select count(*) from metering.readings r join ({ScaleMeters}) m on m.id = r.meter_id
             where not m.is_automated and r.kind = 'regular'
               and (extract(day from r.taken_at) not between 18 and 25 or r.taken_at::time <> time '12:00'
                    or r.period <> date_trunc('month', r.taken_at)::date or r.source not in ('consumer', 'inspector'))
            """));
        var sources = await Db.ColumnAsync($"""
            select r.source from metering.readings r join ({ScaleMeters}) m on m.id = r.meter_id
             where not m.is_automated group by r.source order by r.source
            """);
        Assert.Equal(["consumer", "inspector"], sources);

        // Automated: values at 00:00, a calendar month each; daily in the last period, month-end values before.
        Assert.Equal(0L, await Db.ScalarAsync<long>($"""
            select count(*) from metering.readings r join ({ScaleMeters}) m on m.id = r.meter_id
             where m.is_automated and (r.taken_at::time <> time '00:00' or r.source <> 'automation'
                   or r.period <> date_trunc('month', r.taken_at - interval '1 microsecond')::date)
            """));
        var perRegister = await Db.ScalarAsync<decimal>($"""
            select avg(n) from (select count(*) n from metering.readings r join ({ScaleMeters}) m on m.id = r.meter_id
             where m.is_automated and r.period = @last and m.installed_on < @last and m.verified_until > current_date
             group by r.meter_id, r.register) d
            """, ("last", last));
        Assert.Equal((decimal)DateTime.DaysInMonth(last.Year, last.Month), perRegister);
        Assert.Equal(1m, await Db.ScalarAsync<decimal>($"""
            select avg(n) from (select count(*) n from metering.readings r join ({ScaleMeters}) m on m.id = r.meter_id
             where m.is_automated and r.period = @p and m.installed_on < @p and m.verified_until > current_date group by r.meter_id, r.register) d
            """, ("p", last.AddMonths(-3))));

        // Twelve periods and the opening reading before them; nothing in the current month.
        Assert.Equal(last.AddMonths(-12), await Db.ScalarAsync<DateOnly>(
            $"select min(period) from metering.readings r join ({ScaleMeters}) m on m.id = r.meter_id where m.installed_on < @p", ("p", last.AddMonths(-12))));
        Assert.Equal(0L, await Db.ScalarAsync<long>(
            "select count(*) from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial like 'Г%' and r.period > @last", ("last", last)));

        // A tenth of the accounts whose meter is in service have no reading in the last period.
        var inService = $"from ({ScaleMeters}) m where m.verified_until >= current_date";
        var missing = await Db.ScalarAsync<long>(
            $"select count(*) {inService} and not exists (select 1 from metering.readings r where r.meter_id = m.id and r.period = @last)", ("last", last));
        Assert.InRange(missing / (double)await Db.ScalarAsync<long>($"select count(*) {inService}"), 0.08, 0.12);
    }

    [Fact]
    public async Task Readings_of_a_register_only_grow_but_for_a_counter_rolling_over()
    {
        const string steps = """
            select r.value, lag(r.value) over w as previous, power(10, m.digit_capacity) as capacity
              from metering.readings r join metering.meters m on m.id = r.meter_id
             where m.serial like 'Г%'
            window w as (partition by r.meter_id, r.register order by r.taken_at)
            """;
        Assert.Equal(0L, await Db.ScalarAsync<long>($"""
            select count(*) from ({steps}) s
             where s.value < s.previous and not (s.previous > s.capacity - 100 and s.value < 100)
            """));
        Assert.True(await Db.ScalarAsync<long>($"select count(*) from ({steps}) s where s.value < s.previous") > 0, "some 5-digit water counters roll over");
        Assert.Equal(0L, await Db.ScalarAsync<long>(
            "select count(*) from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial like 'Г%' and r.value >= power(10, m.digit_capacity)"));
    }

    [Fact]
    public async Task Consumption_of_the_last_period_is_measured_where_read_and_missing_for_the_tenth_without_a_reading()
    {
        var db = loaded.Alone;
        var last = await LastPeriodAsync(db);
        var installedBefore = (await db.ColumnAsync($"select id::text from metering.meters where installed_on < '{last:yyyy-MM-dd}'"))
            .Select(long.Parse).ToHashSet();
        var read = (await db.ColumnAsync(
                $"select distinct r.meter_id::text from metering.readings r where r.period = '{last:yyyy-MM-dd}'"))
            .Select(long.Parse).ToHashSet();

        await using var factory = new HostFactory(db.ConnectionString, new Dictionary<string, string?> { ["Demo:SeedOnStart"] = "false" });
        await using var scope = factory.Services.CreateAsyncScope();
        var consumption = scope.ServiceProvider.GetRequiredService<IConsumptionQuery>();
        var counts = new Dictionary<ConsumptionState, int>();
        await foreach (var row in consumption.StreamPeriodAsync(last, TestContext.Current.CancellationToken))
        {
            counts[row.State] = counts.GetValueOrDefault(row.State) + 1;
            if (row.State == ConsumptionState.Faulty)
                continue;
            Assert.Equal(read.Contains(row.MeterId) ? ConsumptionState.Measured : ConsumptionState.Missing, row.State);
            if (row.State == ConsumptionState.Measured && installedBefore.Contains(row.MeterId))
                Assert.True(row.Volume is > 0m, $"meter {row.MeterId} {row.Register}: {row.Volume}");
        }

        var rows = counts.Values.Sum();
        Assert.True(rows > 3 * Flats, $"{rows} register rows");
        Assert.InRange(counts.GetValueOrDefault(ConsumptionState.Missing) / (double)rows, 0.07, 0.13);
        Assert.InRange(counts.GetValueOrDefault(ConsumptionState.Faulty) / (double)rows, 0.002, 0.03);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_meters_and_readings_in_another_database()
    {
        const string meters = """
            select md5(string_agg(concat_ws('|', serial, utility, array_to_string(registers, ','), digit_capacity, is_automated, installed_on, verified_until), E'\n' order by serial))
              from metering.meters where serial like 'Г%'
            """;
        const string readings = """
            select md5(string_agg(concat_ws('|', m.serial, r.register, r.taken_at, r.value, r.source, r.kind, r.period, r.submitted_at), E'\n'
                                  order by m.serial, r.register, r.taken_at))
              from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial like 'Г%'
            """;
        Assert.Equal(await Db.ScalarAsync<string>(meters), await loaded.Alone.ScalarAsync<string>(meters));
        Assert.Equal(await Db.ScalarAsync<string>(readings), await loaded.Alone.ScalarAsync<string>(readings));
        Assert.Equal(
            await Db.ScalarAsync<long>("select count(*) from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial like 'Г%'"),
            await loaded.Alone.ScalarAsync<long>("select count(*) from metering.readings"));
    }

    [Fact]
    public async Task Loading_the_meters_a_second_time_is_refused_and_adds_nothing()
    {
        var db = loaded.Alone;
        const string count = "select (select count(*) from metering.meters) * 1000000000 + (select count(*) from metering.readings)";
        var before = await db.ScalarAsync<long>(count);

        await using var factory = new HostFactory(db.ConnectionString, new Dictionary<string, string?> { ["Demo:SeedOnStart"] = "false" });
        await using var scope = factory.Services.CreateAsyncScope();
        var metering = scope.ServiceProvider.GetServices<IScaleData>().Single(d => d.GetType().Name == "MeteringScaleData");
        var refused = await Assert.ThrowsAsync<ScaleDataConflictException>(
            () => metering.LoadAsync(new ScaleDataRequest(Flats, 7), TestContext.Current.CancellationToken));

        Assert.StartsWith("the scale meters are already in this database", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await db.ScalarAsync<long>(count));
    }

    private static async Task<DateOnly> LastPeriodAsync(TestDatabase db) =>
        await db.ScalarAsync<DateOnly>(
            "select max(r.period) from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial like 'Г%'");
}
