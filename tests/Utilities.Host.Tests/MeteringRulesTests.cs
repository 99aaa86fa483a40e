using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Metering;
using Utilities.Metering.Data;
using Utilities.Metering.Meters;
using Utilities.Metering.Readings;

namespace Utilities.Host.Tests;

/// <summary>A clock a test sets to the day it needs (the organisation's zone is Moscow: 09:00 UTC is noon there).</summary>
public sealed class SettableClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public void SetDay(int year, int month, int day) => Now = new DateTimeOffset(year, month, day, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// The rules of domain.md "Meter readings" and architecture.md "Readings → charges", each against
/// PostgreSQL through the Metering module's own services, with the numbers the rules name.
/// </summary>
public sealed class MeteringRulesTests(HostFixture host) : IClassFixture<HostFixture>, IAsyncLifetime
{
    private readonly SettableClock clock = new();
    private WebApplicationFactory<Program> app = null!;

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    public ValueTask InitializeAsync()
    {
        app = host.Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Metering:FaultyCheckEnabled", "false");
            b.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock));
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static int serials = 700_000;

    /// <summary>An open account of the utility and the consumer who holds it.</summary>
    private async Task<(long AccountId, long ConsumerId)> AccountAsync(string utility)
    {
        var account = await Db.ScalarAsync<long>(
            "select a.id from contracts.personal_accounts a where a.utility = @u and a.closed_on is null order by a.id limit 1", ("u", utility));
        var consumer = await Db.ScalarAsync<long>(
            "select c.consumer_id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id where a.id = @a", ("a", account));
        return (account, consumer);
    }

    private async Task<long> NewMeterAsync(long accountId, string utility, string layout, int digits, DateOnly installed, DateOnly? verifiedUntil = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<MeterRegistry>().RegisterAsync(new MeterForm(
            accountId, null, utility, "T-" + Interlocked.Increment(ref serials), layout, digits, false, installed,
            verifiedUntil ?? new DateOnly(2034, 1, 1)), Cancel);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.MeterId!.Value;
    }

    private async Task<IntakeResult> SubmitAsync(ReadingSubmitter who, long meterId, DateOnly takenOn, params (string Register, string Value)[] values)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReadingIntake>().SubmitAsync(
            who, new ReadingForm(meterId, takenOn, values.ToDictionary(v => v.Register, v => (string?)v.Value)), Cancel);
    }

    private async Task<IReadOnlyList<RegisterConsumption>> MonthlyAsync(long accountId, DateOnly from, DateOnly to)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IConsumptionQuery>().MonthlyAsync(ConsumptionOwner.Account(accountId), from, to, Cancel);
    }

    private Task<long> ReadingCountAsync(long meterId) =>
        Db.ScalarAsync<long>("select count(*) from metering.readings where meter_id = @m", ("m", meterId));

    private static readonly ReadingSubmitter Inspector = ReadingSubmitter.Inspector("inspector");

    [Fact]
    public async Task Ten_day_rule_a_consumer_reading_is_accepted_10_days_after_it_was_taken_and_refused_11_days_after()
    {
        clock.SetDay(2026, 11, 20);
        var (account, consumer) = await AccountAsync("cold-water");
        var meter = await NewMeterAsync(account, "cold-water", "single", 5, new DateOnly(2026, 1, 1));
        Assert.True((await SubmitAsync(Inspector, meter, new DateOnly(2026, 10, 20), ("total", "100"))).Succeeded);

        var tooOld = await SubmitAsync(ReadingSubmitter.Consumer(consumer), meter, new DateOnly(2026, 11, 9), ("total", "104"));
        Assert.Equal(IntakeOutcome.Refused, tooOld.Outcome);
        Assert.Contains("не позднее 10 дней", string.Join(" ", tooOld.AllMessages), StringComparison.Ordinal);
        Assert.Equal(1, await ReadingCountAsync(meter));

        var tenDays = await SubmitAsync(ReadingSubmitter.Consumer(consumer), meter, new DateOnly(2026, 11, 10), ("total", "104"));
        Assert.Equal(IntakeOutcome.Stored, tenDays.Outcome);
        Assert.Equal(2, await ReadingCountAsync(meter));
        Assert.Equal("consumer", await Db.ScalarAsync<string>("select source from metering.readings where meter_id = @m and value = 104", ("m", meter)));
    }

    [Fact]
    public async Task Deadline_day_a_reading_submitted_on_the_25th_counts_for_this_month_and_on_the_26th_for_the_next()
    {
        var (account, _) = await AccountAsync("hot-water");
        var meter = await NewMeterAsync(account, "hot-water", "single", 5, new DateOnly(2026, 1, 1));

        clock.SetDay(2026, 9, 25);
        var onDeadline = await SubmitAsync(Inspector, meter, new DateOnly(2026, 9, 25), ("total", "50"));
        Assert.Equal(new DateOnly(2026, 9, 1), onDeadline.Period);

        clock.SetDay(2026, 10, 26);
        var afterDeadline = await SubmitAsync(Inspector, meter, new DateOnly(2026, 10, 26), ("total", "54"));
        Assert.Equal(new DateOnly(2026, 11, 1), afterDeadline.Period);
        Assert.Equal(new DateOnly(2026, 11, 1), await Db.ScalarAsync<DateOnly>("select period from metering.readings where meter_id = @m and value = 54", ("m", meter)));

        // October had no reading of its own: the consumption 54 − 50 = 4 lands in November.
        var months = await MonthlyAsync(account, new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1));
        Assert.Equal(ConsumptionState.Missing, months.Single(m => m.MeterId == meter && m.Period.Month == 10).State);
        Assert.Equal(4m, months.Single(m => m.MeterId == meter && m.Period.Month == 11).Volume);
    }

    [Fact]
    public async Task Rollover_by_digit_capacity_a_5_digit_counter_from_99990_to_15_consumed_25()
    {
        clock.SetDay(2026, 11, 20);
        var (account, _) = await AccountAsync("cold-water");
        var meter = await NewMeterAsync(account, "cold-water", "single", 5, new DateOnly(2026, 1, 1));
        Assert.True((await SubmitAsync(Inspector, meter, new DateOnly(2026, 10, 20), ("total", "99990"))).Succeeded);

        var rolled = await SubmitAsync(Inspector, meter, new DateOnly(2026, 11, 20), ("total", "15"));
        Assert.Equal(IntakeOutcome.Stored, rolled.Outcome);
        Assert.Equal(25m, rolled.Registers.Single().Consumption);
        var november = (await MonthlyAsync(account, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 1))).Single(m => m.MeterId == meter);
        Assert.Equal((ConsumptionState.Measured, 25m), (november.State, november.Volume));

        // Below the previous one on a counter that cannot have rolled over that far: refused.
        var below = await SubmitAsync(Inspector, meter, new DateOnly(2026, 11, 21), ("total", "10"));
        Assert.Equal(IntakeOutcome.Refused, below.Outcome);
        Assert.Equal(2, await ReadingCountAsync(meter));
    }

    [Fact]
    public async Task Replacement_final_reading_of_the_old_meter_and_initial_of_the_new_one_keep_the_month_continuous()
    {
        clock.SetDay(2026, 11, 20);
        var (account, _) = await AccountAsync("electricity");
        var old = await NewMeterAsync(account, "electricity", "two-zone", 6, new DateOnly(2025, 1, 1));
        Assert.True((await SubmitAsync(Inspector, old, new DateOnly(2026, 10, 20), ("T1", "1000"), ("T2", "400"))).Succeeded);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var replaced = await scope.ServiceProvider.GetRequiredService<MeterRegistry>().ReplaceAsync(
                old, new DateOnly(2026, 11, 10),
                new Dictionary<string, string?> { ["T1"] = "1080", ["T2"] = "430" },
                new MeterForm(null, null, null, "NEW-" + Interlocked.Increment(ref serials), "two-zone", 6, false, null, new DateOnly(2034, 1, 1)),
                new Dictionary<string, string?> { ["T1"] = "0", ["T2"] = "0" }, Cancel);
            Assert.True(replaced.Succeeded, string.Join("; ", replaced.Errors));
        }

        var newMeter = await Db.ScalarAsync<long>("select id from metering.meters where replaces_meter_id = @o", ("o", old));
        Assert.Equal(new DateOnly(2026, 11, 10), await Db.ScalarAsync<DateOnly>("select removed_on from metering.meters where id = @o", ("o", old)));
        Assert.True((await SubmitAsync(Inspector, newMeter, new DateOnly(2026, 11, 20), ("T1", "70"), ("T2", "25"))).Succeeded);

        // November: old part (1080 − 1000, 430 − 400) + new part (70 − 0, 25 − 0).
        var november = (await MonthlyAsync(account, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 1)))
            .Where(m => m.MeterId == old || m.MeterId == newMeter).ToList();
        Assert.All(november, m => Assert.Equal(ConsumptionState.Measured, m.State));
        Assert.Equal(80m + 70m, november.Where(m => m.Register == "T1").Sum(m => m.Volume));
        Assert.Equal(30m + 25m, november.Where(m => m.Register == "T2").Sum(m => m.Volume));
        Assert.Equal(1, await Db.ScalarAsync<long>("select count(*) from metering.outbox where type like '%meter-replaced%' and payload->>'oldMeterId' = @o", ("o", old.ToString(CultureInfo.InvariantCulture))));

        // The old meter takes no reading after its removal.
        Assert.Equal(IntakeOutcome.Refused, (await SubmitAsync(Inspector, old, new DateOnly(2026, 11, 20), ("T1", "1090"), ("T2", "431"))).Outcome);
    }

    [Fact]
    public async Task Faulty_meter_after_verification_expires_its_readings_are_not_used_for_billing_and_billing_is_told()
    {
        clock.SetDay(2026, 11, 20);
        var (account, _) = await AccountAsync("hot-water");
        var meter = await NewMeterAsync(account, "hot-water", "single", 5, new DateOnly(2026, 1, 1), verifiedUntil: new DateOnly(2026, 10, 15));
        Assert.True((await SubmitAsync(Inspector, meter, new DateOnly(2026, 9, 20), ("total", "10"))).Succeeded);
        Assert.True((await SubmitAsync(Inspector, meter, new DateOnly(2026, 10, 10), ("total", "13"))).Succeeded);
        Assert.True((await SubmitAsync(Inspector, meter, new DateOnly(2026, 11, 20), ("total", "17"))).Succeeded);

        await using (var scope = app.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<FaultyMeters>().MarkExpiredAsync(Cancel) >= 1);
        Assert.Equal(new DateOnly(2026, 10, 16), await Db.ScalarAsync<DateOnly>("select faulty_since from metering.meters where id = @m", ("m", meter)));
        var events = "select count(*) from metering.outbox where type like '%meter-faulty%' and (payload->>'meterId')::bigint = @m";
        Assert.Equal(1, await Db.ScalarAsync<long>(events, ("m", meter)));
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<FaultyMeters>().MarkExpiredAsync(Cancel);
        Assert.Equal(1, await Db.ScalarAsync<long>(events, ("m", meter))); // found once, told once

        // The consumer is told (Notifications handles the event): by e-mail, else by SMS.
        var serial = await Db.ScalarAsync<string>("select serial from metering.meters where id = @m", ("m", meter));
        var told = "select count(*) from notifications.sent_messages where body like '%' || @s || '%'";
        for (var i = 0; i < 100 && await Db.ScalarAsync<long>(told, ("s", serial!)) == 0; i++)
            await Task.Delay(200, Cancel);
        Assert.Equal(1, await Db.ScalarAsync<long>(told, ("s", serial!)));

        var months = (await MonthlyAsync(account, new DateOnly(2026, 9, 1), new DateOnly(2026, 11, 1))).Where(m => m.MeterId == meter).ToList();
        Assert.Equal(ConsumptionState.Faulty, months.Single(m => m.Period.Month == 10).State); // expired within October
        Assert.Equal(ConsumptionState.Faulty, months.Single(m => m.Period.Month == 11).State);
        Assert.Null(months.Single(m => m.Period.Month == 11).Volume);

        await using var stream = app.Services.CreateAsyncScope();
        var billing = new List<RegisterConsumption>();
        await foreach (var row in stream.ServiceProvider.GetRequiredService<IConsumptionQuery>().StreamPeriodAsync(new DateOnly(2026, 11, 1), Cancel))
        {
            if (row.MeterId == meter)
                billing.Add(row);
        }

        Assert.Equal(ConsumptionState.Faulty, Assert.Single(billing).State);
    }

    [Fact]
    public async Task The_verification_expiry_message_follows_the_holders_preferences_on_the_meter_topic()
    {
        clock.SetDay(2026, 11, 20);
        var (account, consumer) = await AccountAsync("cold-water");
        var meter = await NewMeterAsync(account, "cold-water", "single", 5, new DateOnly(2026, 1, 1), verifiedUntil: new DateOnly(2026, 11, 1));
        // E-mail off and SMS on for meter messages: the SMS goes (when the holder has a phone), the e-mail does not.
        await Db.ExecuteAsync($"""
            insert into notifications.preferences (consumer_id, topic, channel, enabled) values ({consumer}, 'meter', 'email', false), ({consumer}, 'meter', 'sms', true)
            on conflict (consumer_id, topic, channel) do update set enabled = excluded.enabled
            """);
        var phone = await Db.ScalarAsync<string>("select phone from contracts.consumers where id = @c", ("c", consumer));

        await using (var scope = app.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<FaultyMeters>().MarkExpiredAsync(Cancel) >= 1);

        var source = $"meter-faulty-{meter}-20261102";
        var stored = "select count(*) from notifications.messages where source = @s";
        for (var i = 0; i < 100 && await Db.ScalarAsync<long>(stored, ("s", source)) == 0; i++)
            await Task.Delay(200, Cancel);
        Assert.Equal(1, await Db.ScalarAsync<long>(stored, ("s", source)));
        var channels = await Db.ColumnAsync($"select d.channel from notifications.deliveries d join notifications.messages m on m.id = d.message_id where m.source = '{source}' order by d.channel");
        Assert.Equal(phone is null ? [] : ["sms"], channels);
        await Db.ExecuteAsync($"delete from notifications.preferences where consumer_id = {consumer} and topic = 'meter'");
    }

    [Fact]
    public async Task Several_meters_on_one_account_two_cold_water_risers_are_both_streamed_for_billing()
    {
        clock.SetDay(2026, 11, 20);
        var (account, _) = await AccountAsync("cold-water");
        var kitchen = await NewMeterAsync(account, "cold-water", "single", 5, new DateOnly(2026, 1, 1));
        var bathroom = await NewMeterAsync(account, "cold-water", "single", 5, new DateOnly(2026, 1, 1));
        foreach (var (meter, october, november) in new[] { (kitchen, "20.5", "23.75"), (bathroom, "40", "44.5") })
        {
            clock.SetDay(2026, 10, 20);
            Assert.True((await SubmitAsync(Inspector, meter, new DateOnly(2026, 10, 20), ("total", october))).Succeeded);
            clock.SetDay(2026, 11, 20);
            Assert.True((await SubmitAsync(Inspector, meter, new DateOnly(2026, 11, 20), ("total", november))).Succeeded);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var rows = new List<RegisterConsumption>();
        await foreach (var row in scope.ServiceProvider.GetRequiredService<IConsumptionQuery>().StreamPeriodAsync(new DateOnly(2026, 11, 1), Cancel))
        {
            if (row.AccountId == account)
                rows.Add(row);
        }

        Assert.Equal(3.25m, rows.Single(r => r.MeterId == kitchen).Volume);
        Assert.Equal(4.5m, rows.Single(r => r.MeterId == bathroom).Volume);
        Assert.Equal(7.75m, rows.Where(r => r.MeterId == kitchen || r.MeterId == bathroom).Sum(r => r.Volume));
        Assert.True(rows.Select(r => r.AccountId).SequenceEqual(rows.Select(r => r.AccountId).Order()), "the stream is ordered by account");
    }

    [Fact]
    public async Task Identity_meter_register_time_source_the_same_value_again_is_a_no_op_and_a_different_one_a_conflict()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-RU");
        clock.SetDay(2026, 11, 20);
        var (account, _) = await AccountAsync("electricity");
        var meter = await NewMeterAsync(account, "electricity", "single", 6, new DateOnly(2026, 1, 1));
        Assert.Equal(IntakeOutcome.Stored, (await SubmitAsync(Inspector, meter, new DateOnly(2026, 11, 18), ("T1", "1234,5"))).Outcome);
        Assert.Equal(IntakeOutcome.Unchanged, (await SubmitAsync(Inspector, meter, new DateOnly(2026, 11, 18), ("T1", "1234.50"))).Outcome);
        Assert.Equal(1, await ReadingCountAsync(meter));

        var conflict = await SubmitAsync(Inspector, meter, new DateOnly(2026, 11, 18), ("T1", "1240"));
        Assert.Equal(IntakeOutcome.Refused, conflict.Outcome);
        Assert.Contains("уже принято: 1234,5", string.Join(" ", conflict.AllMessages), StringComparison.Ordinal);
        Assert.Equal(1234.5m, await Db.ScalarAsync<decimal>("select value from metering.readings where meter_id = @m", ("m", meter)));
        Assert.Equal(1, await Db.ScalarAsync<long>(
            "select count(*) from metering.outbox where type like '%readings-accepted%' and (payload->>'meterId')::bigint = @m", ("m", meter)));
    }

    [Fact]
    public async Task Confirmation_term_an_implausible_consumer_reading_waits_30_days_as_an_inspection_task_then_a_person_decides()
    {
        var (account, consumer) = await AccountAsync("cold-water");
        var meter = await NewMeterAsync(account, "cold-water", "single", 5, new DateOnly(2025, 1, 1));
        // Six months of about 6 m³ a month, then 95 m³ in one month: a spike.
        for (var month = 5; month <= 10; month++)
        {
            clock.SetDay(2026, month, 20);
            Assert.True((await SubmitAsync(Inspector, meter, new DateOnly(2026, month, 20), ("total", (100 + (6 * month)).ToString(CultureInfo.InvariantCulture)))).Succeeded);
        }

        clock.SetDay(2026, 11, 20);
        var plausible = await SubmitAsync(ReadingSubmitter.Consumer(consumer), meter, new DateOnly(2026, 11, 15), ("total", "163"));
        Assert.Equal(ReadingStatuses.Confirmed, plausible.Registers.Single().Status); // confirmed automatically

        var spike = await SubmitAsync(ReadingSubmitter.Consumer(consumer), meter, new DateOnly(2026, 11, 20), ("total", "258"));
        Assert.Equal(IntakeOutcome.Stored, spike.Outcome);
        Assert.Equal(ReadingStatuses.Pending, spike.Registers.Single().Status);
        Assert.NotEmpty(spike.Registers.Single().Findings);
        var reading = await Db.ScalarAsync<long>("select id from metering.readings where meter_id = @m and value = 258", ("m", meter));
        Assert.Equal(new DateOnly(2026, 12, 20), await Db.ScalarAsync<DateOnly>("select confirm_by from metering.readings where id = @r", ("r", reading)));
        Assert.Equal(1, await Db.ScalarAsync<long>("select count(*) from metering.inspection_tasks where reading_id = @r and closed_at is null", ("r", reading)));

        // Pending readings do not count: November closes at 163 until a person confirms.
        var before = (await MonthlyAsync(account, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 1))).Single(m => m.MeterId == meter);
        Assert.Equal(163m, before.Closing);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var decisions = scope.ServiceProvider.GetRequiredService<ReadingDecisions>();
            Assert.NotNull(await decisions.RejectAsync(reading, "  ", Cancel)); // a rejection needs a reason
            Assert.Null(await decisions.ConfirmAsync(reading, Cancel));
        }

        Assert.Equal("confirmed", await Db.ScalarAsync<string>("select status from metering.readings where id = @r", ("r", reading)));
        Assert.Equal(0, await Db.ScalarAsync<long>("select count(*) from metering.inspection_tasks where reading_id = @r and closed_at is null", ("r", reading)));
        Assert.Equal(258m, (await MonthlyAsync(account, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 1))).Single(m => m.MeterId == meter).Closing);

        await using (var scope = app.Services.CreateAsyncScope())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<ReadingDecisions>().RejectAsync(reading, "Контрольное показание инспектора 171", Cancel));
        var rejected = "select count(*) from metering.outbox where type like '%reading-rejected%' and (payload->>'readingId')::bigint = @r and (payload->>'wasCounted')::boolean";
        Assert.Equal(1, await Db.ScalarAsync<long>(rejected, ("r", reading)));
    }

    [Fact]
    public async Task A_consumer_cannot_submit_for_a_meter_of_someone_elses_account_and_nothing_is_stored()
    {
        clock.SetDay(2026, 11, 20);
        var (account, _) = await AccountAsync("cold-water");
        var meter = await NewMeterAsync(account, "cold-water", "single", 5, new DateOnly(2026, 1, 1));
        var stranger = await Db.ScalarAsync<long>(
            "select c.consumer_id from contracts.contracts c where c.consumer_id <> (select c2.consumer_id from contracts.personal_accounts a join contracts.contracts c2 on c2.id = a.contract_id where a.id = @a) limit 1",
            ("a", account));
        var result = await SubmitAsync(ReadingSubmitter.Consumer(stranger), meter, new DateOnly(2026, 11, 20), ("total", "12"));
        Assert.Equal(IntakeOutcome.Refused, result.Outcome);
        Assert.Equal("Счётчик не найден.", Assert.Single(result.Errors));
        Assert.Equal(0, await ReadingCountAsync(meter));
    }
}
