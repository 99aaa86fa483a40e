using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing;
using Utilities.Billing.Data;
using Utilities.Billing.Runs;
using Utilities.Contracts;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Metering;
using Utilities.Metering.Readings;
using Utilities.Platform.Settings;
using Utilities.Plugins.Sdk;

namespace Utilities.Host.Tests;

/// <summary>
/// The billing run against PostgreSQL with the demo data and the real plugins (issue 6): every
/// open account charged with explanations, a closed period frozen, recalculation of a closed
/// period as reversal + new lines, and the estimation chain of domain.md ("When there is no
/// reading", Rules 354 п.59–60) with its numbers: average for 3 periods, then the norm (× 1.5 for
/// a faulty meter), the average taken over at least 6 months (3 for a newer meter).
/// </summary>
public sealed class BillingRunTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static readonly DateOnly November = new(2026, 11, 1);
    private static readonly DateOnly December = new(2026, 12, 1);

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<BillingRunResult> RunAsync(DateOnly period)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IBillingRuns>().RunAsync(period, "test", null, Cancel);
    }

    private async Task<PeriodContext> ContextAsync(DateOnly period)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var s = scope.ServiceProvider;
        return await PeriodContext.LoadAsync(period, s.GetRequiredService<BillingDbContext>(), s.GetRequiredService<ISettings>(),
            s.GetRequiredService<IConsumptionQuery>(), s.GetRequiredService<IEnumerable<IUtilityPlugin>>(), Cancel);
    }

    private async Task<AccountFacts> AccountAsync(string utility)
    {
        var id = await Db.ScalarAsync<long>("select id from contracts.personal_accounts where utility = @u and closed_on is null order by id limit 1", ("u", utility));
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IBillingFacts>().AccountsAsync([id], Cancel)).Single();
    }

    private static RegisterConsumption Row(AccountFacts account, string register, ConsumptionState state, decimal? volume = null, long meterId = 9_000_001) =>
        new(meterId, account.AccountId, null, account.Utility, register, November, state, volume, volume is null ? null : 100m, volume is null ? null : 100m + volume, false);

    private static AccountHistory History(AccountFacts account, string register, string? chain = null, short seq = 0, decimal? average = null, int months = 11,
        DateOnly? installed = null, long meterId = 9_000_001) =>
        new(
            chain is null ? new Dictionary<(long, string), Estimation>() : new Dictionary<(long, string), Estimation>
            {
                [(meterId, register)] = new() { AccountId = account.AccountId, MeterId = meterId, Register = register, Chain = chain, Seq = seq },
            },
            average is null ? new Dictionary<(long, string), AverageConsumption>() : new Dictionary<(long, string), AverageConsumption>
            {
                [(meterId, register)] = new(meterId, account.AccountId, register, average.Value, months, installed ?? new DateOnly(2020, 1, 1)),
            },
            []);

    [Fact]
    public async Task A_run_charges_every_open_account_with_an_explanation_on_each_line_and_publishes_one_event()
    {
        var result = await RunAsync(November);

        Assert.Null(result.Error);
        var open = await Db.ScalarAsync<long>("select count(*) from contracts.personal_accounts where opened_on <= '2026-11-30' and (closed_on is null or closed_on >= '2026-11-01')");
        Assert.Equal(open, result.Accounts);
        Assert.Equal(0, result.Problems);
        var charged = await Db.ScalarAsync<long>("select count(distinct account_id) from billing.charge_lines where period = '2026-11-01'");
        Assert.Equal(open, charged + await Db.ScalarAsync<long>(
            "select count(*) from contracts.personal_accounts a where a.utility = 'heating' and not exists (select 1 from billing.charge_lines l where l.account_id = a.id and l.period = '2026-11-01')"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("select count(*) from billing.charge_lines where period = '2026-11-01' and (explanation_ru = '' or explanation_en = '')"));
        Assert.Equal(result.Lines, await Db.ScalarAsync<long>("select count(*) from billing.charge_lines where period = '2026-11-01'"));
        Assert.Equal(result.Amount, await Db.ScalarAsync<decimal>("select sum(amount) from billing.charge_lines where period = '2026-11-01'"));
        Assert.Equal(1L, await Db.ScalarAsync<long>(
            "select count(*) from billing.outbox where type = 'billing.charges-posted' and (payload->>'runId')::bigint = @r", ("r", result.RunId!.Value)));
        // Every premises with charges has its bill; its total is what the ledger says is owed up to November (no payments here):
        // its November lines plus the earlier months and the penalties up to November, without any later month another test charged.
        Assert.Equal(await Db.ScalarAsync<long>("select count(distinct premises_id) from billing.charge_lines where period = '2026-11-01'"), result.Bills);
        Assert.Equal(0L, await Db.ScalarAsync<long>("""
            select count(*) from billing.bills b
            where b.period = '2026-11-01' and b.total_due <> (select sum(amount) from billing.charge_lines l where l.period = b.period and l.premises_id = b.premises_id)
                + coalesce((select sum(d.open) from billing.debts d where d.premises_id = b.premises_id and d.for_period < '2026-11-01'), 0)
                + coalesce((select sum(e.amount) from billing.ledger_entries e where e.premises_id = b.premises_id and e.kind in (2, 3) and e.for_period <= '2026-11-01'), 0)
            """));
        await LedgerInvariant.AssertHoldsAsync(Db);
    }

    [Fact]
    public async Task A_hot_water_bill_shows_the_m3_of_its_meter_not_m3_plus_the_Gcal_of_the_heat_component()
    {
        Assert.Null((await RunAsync(November)).Error);
        var premises = await Db.ScalarAsync<long>(
            "select premises_id from billing.charge_lines where period = '2026-11-01' and utility = 'hot-water' and basis = 0 and component = 'cold' order by premises_id limit 1");
        var cold = await Db.ScalarAsync<decimal>(
            "select sum(volume) from billing.charge_lines where period = '2026-11-01' and premises_id = @p and utility = 'hot-water' and component = 'cold'", ("p", premises));
        var json = await Db.ScalarAsync<string>("select document::text from billing.bills where period = '2026-11-01' and premises_id = @p", ("p", premises));

        var bill = System.Text.Json.JsonSerializer.Deserialize<Utilities.Billing.Bills.BillDocument>(json!, Utilities.Billing.Bills.BillComposer.Json)!;

        Assert.Equal(cold, bill.Services.Single(s => s.Service == "Горячее водоснабжение").Volume);
        Assert.Equal(cold, bill.Meters.Where(m => m.Service == "Горячее водоснабжение").Sum(m => m.Volume));
        Assert.True(cold > 0);
    }

    [Fact]
    public async Task A_price_change_on_16_July_splits_each_single_rate_account_by_days_15_of_31_at_the_old_price_and_16_at_the_new()
    {
        var july = new DateOnly(2026, 7, 1);
        // The region's new price from 16.07 (entered before July was billed; a later change would be a recalculation).
        await Db.ExecuteAsync("""
            insert into billing.tariff_versions (tariff_id, valid_from, component, price, unit)
            select id, date '2026-07-16', 'T', 6.50, 'кВт·ч' from billing.tariffs where utility = 'electricity' and formula = 'single'
            on conflict do nothing
            """);
        Assert.Null((await RunAsync(july)).Error);

        var account = await Db.ScalarAsync<long>(
            "select account_id from billing.charge_lines where period = '2026-07-01' and utility = 'electricity' and component = 'T' and basis in (0, 2) group by account_id having count(*) = 2 order by account_id limit 1");
        var old = await Db.ColumnAsync($"select volume || '|' || price || '|' || amount from billing.charge_lines where period = '2026-07-01' and account_id = {account} and component = 'T' and line_to = '2026-07-15'");
        var next = await Db.ColumnAsync($"select volume || '|' || price || '|' || amount from billing.charge_lines where period = '2026-07-01' and account_id = {account} and component = 'T' and line_from = '2026-07-16'");
        var total = await Db.ScalarAsync<decimal>($"select sum(volume) from billing.charge_lines where period = '2026-07-01' and account_id = {account} and component = 'T'");

        var oldParts = Assert.Single(old).Split('|').Select(p => decimal.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var newParts = Assert.Single(next).Split('|').Select(p => decimal.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Math.Round(total * 15 / 31, 6, MidpointRounding.AwayFromZero), oldParts[0]);
        Assert.Equal(total - oldParts[0], newParts[0]);
        Assert.Equal(5.92m, oldParts[1]);
        Assert.Equal(6.50m, newParts[1]);
        Assert.Equal(Math.Round(oldParts[0] * 5.92m, 2, MidpointRounding.AwayFromZero), oldParts[2]);
        Assert.Equal(Math.Round(newParts[0] * 6.50m, 2, MidpointRounding.AwayFromZero), newParts[2]);
        Assert.Contains("пропорционально числу дней", await Db.ScalarAsync<string>(
            $"select document::text from billing.bills b join billing.charge_lines l on l.premises_id = b.premises_id and l.period = b.period where b.period = '2026-07-01' and l.account_id = {account} limit 1"));
    }

    [Fact]
    public async Task A_second_run_of_an_open_period_replaces_the_first_and_gives_the_same_charges()
    {
        var first = await RunAsync(November);
        var lines = await Db.ColumnAsync("select account_id || '|' || component || '|' || volume || '|' || amount from billing.charge_lines where period = '2026-11-01' order by 1");
        var second = await RunAsync(November);

        Assert.Null(second.Error);
        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal(lines, await Db.ColumnAsync("select account_id || '|' || component || '|' || volume || '|' || amount from billing.charge_lines where period = '2026-11-01' order by 1"));
    }

    [Fact]
    public async Task A_run_of_a_closed_period_or_of_a_future_one_is_refused_with_a_clear_message()
    {
        var october = new DateOnly(2026, 10, 1);
        Assert.Null((await RunAsync(october)).Error);
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IBillingRuns>().CloseAsync(october, "test", Cancel));
        var lines = await Db.ScalarAsync<long>("select count(*) from billing.charge_lines where period = '2026-10-01'");

        var closed = await RunAsync(october);
        var future = await RunAsync(new DateOnly(2027, 1, 1));

        Assert.Contains("закрыт", closed.Error);
        Assert.Contains("ещё не наступил", future.Error);
        Assert.Equal(lines, await Db.ScalarAsync<long>("select count(*) from billing.charge_lines where period = '2026-10-01'"));
    }

    [Fact]
    public async Task A_counted_reading_rejected_after_its_period_closed_gives_reversal_and_new_lines_with_the_reason_in_the_next_period()
    {
        var september = new DateOnly(2026, 9, 1);
        Assert.Null((await RunAsync(september)).Error);
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IBillingRuns>().CloseAsync(september, "test", Cancel));
        var reading = await Db.ScalarAsync<long>("""
            select r.id from metering.readings r join billing.charge_lines l on l.meter_id = r.meter_id and l.period = '2026-09-01' and l.basis = 0
            where r.period = '2026-09-01' and r.status = 'confirmed' and r.kind = 'regular' order by r.id limit 1
            """);
        var account = await Db.ScalarAsync<long>("select m.account_id from metering.readings r join metering.meters m on m.id = r.meter_id where r.id = @r", ("r", reading));
        var billed = await Db.ScalarAsync<decimal>("select sum(amount) from billing.charge_lines where account_id = @a and for_period = '2026-09-01'", ("a", account));

        await using (var scope = host.Factory.Services.CreateAsyncScope())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<ReadingDecisions>().RejectAsync(reading, "Фото показаний не совпадает", Cancel));
        // The event reaches Billing through the outbox.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await Db.ScalarAsync<long>("select count(*) from billing.recalculations where account_id = @a", ("a", account)) == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(200, Cancel);
        Assert.Null((await RunAsync(December)).Error);

        var reversed = await Db.ScalarAsync<decimal>("select sum(amount) from billing.charge_lines where account_id = @a and period = '2026-12-01' and kind = 1 and for_period = '2026-09-01'", ("a", account));
        Assert.Equal(-billed, reversed);
        Assert.True(await Db.ScalarAsync<long>("select count(*) from billing.charge_lines where account_id = @a and period = '2026-12-01' and kind = 2 and for_period = '2026-09-01' and reason like '%Фото показаний не совпадает%'", ("a", account)) > 0);
        // The closed period itself is untouched.
        Assert.Equal(billed, await Db.ScalarAsync<decimal>("select sum(amount) from billing.charge_lines where account_id = @a and period = '2026-09-01'", ("a", account)));
    }

    [Fact]
    public async Task A_meter_found_faulty_after_its_period_closed_is_recalculated_in_the_next_period_with_the_reason()
    {
        var august = new DateOnly(2026, 8, 1);
        Assert.Null((await RunAsync(august)).Error);
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IBillingRuns>().CloseAsync(august, "test", Cancel));
        var meter = await Db.ScalarAsync<long>("""
            select m.id from metering.meters m join billing.charge_lines l on l.meter_id = m.id and l.period = '2026-08-01' and l.basis = 0
            where m.utility = 'cold-water' and m.faulty_since is null order by m.id limit 1
            """);
        var account = await Db.ScalarAsync<long>("select account_id from metering.meters where id = @m", ("m", meter));
        var billed = await Db.ScalarAsync<decimal>("select sum(amount) from billing.charge_lines where account_id = @a and for_period = '2026-08-01'", ("a", account));
        // Its verification had in fact run out on 31.07: found now, the meter is faulty from 01.08 (Rules 354 п.81(12)).
        await Db.ExecuteAsync($"update metering.meters set verified_until = '2026-07-31' where id = {meter}");
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<Utilities.Metering.Meters.FaultyMeters>().MarkExpiredAsync(Cancel) >= 1);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await Db.ScalarAsync<long>("select count(*) from billing.recalculations where account_id = @a and reason_code = 'meter-faulty'", ("a", account)) == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(200, Cancel);

        Assert.Null((await RunAsync(December)).Error);

        Assert.Equal(-billed, await Db.ScalarAsync<decimal>(
            "select sum(amount) from billing.charge_lines where account_id = @a and period = '2026-12-01' and kind = 1 and for_period = '2026-08-01'", ("a", account)));
        var recalculated = await Db.ColumnAsync($"select basis || '|' || reason from billing.charge_lines where account_id = {account} and period = '2026-12-01' and kind = 2 and for_period = '2026-08-01'");
        Assert.NotEmpty(recalculated);
        // Chain (а): the average where there is 6 months of history, else the norm × 1.5; never the readings of a faulty meter.
        Assert.All(recalculated, r => Assert.False(r.StartsWith("0|", StringComparison.Ordinal), r));
        Assert.All(recalculated, r => Assert.Contains("неисправен", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_readings_are_charged_by_the_average_for_3_periods_then_by_the_norm_without_the_coefficient()
    {
        var context = await ContextAsync(November);
        var account = await AccountAsync("cold-water");

        var third = ChargeCalculator.Calculate(context, account, [Row(account, "total", ConsumptionState.Missing)], History(account, "total", "b", 2, average: 6.5m));
        var fourth = ChargeCalculator.Calculate(context, account, [Row(account, "total", ConsumptionState.Missing)], History(account, "total", "b", 3, average: 6.5m));

        Assert.Equal(3, third.Estimations.Single().Seq);
        Assert.Equal((short)VolumeBasis.Average, third.Lines.Single().Basis);
        Assert.Equal(6.5m, third.Lines.Sum(l => l.Volume));
        Assert.Equal(4, fourth.Estimations.Single().Seq);
        var norm = Assert.Single(fourth.Lines);
        Assert.Equal((short)VolumeBasis.Norm, norm.Basis);
        // residents × 4.745 m³ (the demo norm), no raising coefficient for chain (б).
        Assert.Equal(account.Residents * 4.745m, norm.Volume);
    }

    [Fact]
    public async Task A_faulty_meter_is_charged_by_the_average_for_3_periods_then_by_the_norm_times_1_5()
    {
        var context = await ContextAsync(November);
        var account = await AccountAsync("cold-water");

        var first = ChargeCalculator.Calculate(context, account, [Row(account, "total", ConsumptionState.Faulty)], History(account, "total", average: 6.5m));
        var fourth = ChargeCalculator.Calculate(context, account, [Row(account, "total", ConsumptionState.Faulty)], History(account, "total", "a", 3, average: 6.5m));

        Assert.Equal("a", first.Estimations.Single().Chain);
        Assert.Equal(6.5m, Assert.Single(first.Lines).Volume);
        Assert.Equal(account.Residents * 4.745m * 1.5m, Assert.Single(fourth.Lines).Volume);
        Assert.Contains("1,5", fourth.Lines[0].ExplanationRu);
    }

    [Fact]
    public async Task The_average_needs_6_months_of_history_or_3_for_a_meter_installed_less_than_6_months_ago()
    {
        var context = await ContextAsync(November);
        var account = await AccountAsync("cold-water");
        var missing = new[] { Row(account, "total", ConsumptionState.Missing) };

        var oldMeterFiveMonths = ChargeCalculator.Calculate(context, account, missing, History(account, "total", average: 6.5m, months: 5));
        var newMeterThreeMonths = ChargeCalculator.Calculate(context, account, missing, History(account, "total", average: 6.5m, months: 3, installed: new DateOnly(2026, 7, 20)));
        var newMeterTwoMonths = ChargeCalculator.Calculate(context, account, missing, History(account, "total", average: 6.5m, months: 2, installed: new DateOnly(2026, 8, 20)));

        Assert.Equal((short)VolumeBasis.Norm, Assert.Single(oldMeterFiveMonths.Lines).Basis);
        Assert.Equal((short)VolumeBasis.Average, Assert.Single(newMeterThreeMonths.Lines).Basis);
        Assert.Equal((short)VolumeBasis.Norm, Assert.Single(newMeterTwoMonths.Lines).Basis);
    }

    [Fact]
    public async Task A_reading_after_2_estimated_periods_covers_3_months_and_reverses_the_estimates()
    {
        var context = await ContextAsync(November);
        var account = await AccountAsync("cold-water");

        var charge = ChargeCalculator.Calculate(context, account, [Row(account, "total", ConsumptionState.Measured, 19.5m)], History(account, "total", "b", 2, average: 6.5m));

        Assert.Equal(2, charge.ReverseEstimatedPeriods);
        Assert.Empty(charge.Estimations);
        Assert.Equal(19.5m, charge.Lines.Sum(l => l.Volume));
        Assert.All(charge.Lines, l => Assert.Equal((short)VolumeBasis.Measured, l.Basis));
    }

    [Fact]
    public async Task A_contract_terminated_on_20_November_gets_its_final_charge_for_20_of_30_days()
    {
        var context = await ContextAsync(November);
        var water = await AccountAsync("cold-water") with { ClosedOn = new DateOnly(2026, 11, 20) };

        var charge = ChargeCalculator.Calculate(context, water, [], AccountHistory.Empty);

        var line = Assert.Single(charge.Lines);
        Assert.Equal(new DateOnly(2026, 11, 20), line.LineTo);
        // residents × 4.745 m³ × 1.5 (no meter) × 20/30 days.
        Assert.Equal(Math.Round(water.Residents * 4.745m * 1.5m * 20 / 30, 6), line.Volume);
    }

    [Fact]
    public async Task A_temporary_absence_of_one_resident_for_10_days_reduces_the_norm_for_those_days()
    {
        var context = await ContextAsync(November);
        var water = await AccountAsync("cold-water") with { Residents = 3 };
        var absence = new Absence { AccountId = water.AccountId, FromDate = new DateOnly(2026, 11, 11), ToDate = new DateOnly(2026, 11, 20), Persons = 1, CreatedBy = "test" };

        var charge = ChargeCalculator.Calculate(context, water, [], AccountHistory.Empty with { Absences = [absence] });

        // 3 × 4.745 × 1.5 for the 20 days present, 2 × 4.745 × 1.5 for the 10 days away (of 30).
        var expected = Math.Round(3 * 4.745m * 1.5m * 10 / 30, 6) + Math.Round(2 * 4.745m * 1.5m * 10 / 30, 6) + Math.Round(3 * 4.745m * 1.5m * 10 / 30, 6);
        Assert.Equal(expected, charge.Lines.Sum(l => l.Volume));
        Assert.Equal(3, charge.Lines.Count);
    }

    [Fact]
    public async Task Without_a_meter_water_takes_the_norm_times_1_5_and_heating_its_formula_without_the_coefficient()
    {
        var context = await ContextAsync(November);
        var water = await AccountAsync("cold-water");
        var heating = await AccountAsync("heating");

        var waterCharge = ChargeCalculator.Calculate(context, water, [], AccountHistory.Empty);
        var heatingCharge = ChargeCalculator.Calculate(context, heating, [], AccountHistory.Empty);

        Assert.Equal(water.Residents * 4.745m * 1.5m, Assert.Single(waterCharge.Lines).Volume);
        Assert.NotEmpty(heatingCharge.Lines);
        var heat = heatingCharge.Lines.Sum(l => l.Volume);
        // Formula 3 (building meter share) or formula 2 (area × 0.0208 Gcal/m²): never × 1.5.
        Assert.True(heatingCharge.Lines[0].Basis == (short)VolumeBasis.BuildingMeter || heat == Math.Round(heating.Area * 0.0208m, 6));
    }
}

/// <summary>Tariff validity (issue 6): tariffs of one supplier, utility and shape never overlap.</summary>
public sealed class TariffValidityTests(HostFixture host) : IClassFixture<HostFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<Utilities.Billing.Tariffs.CreateTariff.CreateTariffResult> CreateAsync(string shape, DateOnly from, DateOnly? to, params (string Component, decimal Price)[] prices)
    {
        var supplier = await host.Database.ScalarAsync<long>("select supplier_id from billing.tariffs where utility = 'electricity' order by id limit 1");
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Utilities.Billing.Tariffs.CreateTariff.CreateTariffCommand>().ExecuteAsync(
            new("electricity", supplier, shape, "Население, по диапазонам объёма", from, to, prices.ToDictionary(p => p.Component, p => p.Price)), Cancel);
    }

    [Fact]
    public async Task A_tariff_whose_dates_overlap_another_of_the_same_shape_is_refused_and_nothing_is_written()
    {
        var tariffs = await host.Database.ScalarAsync<long>("select count(*) from billing.tariffs");

        // The demo single-rate tariff runs from 01.01.2026 without an end.
        var overlapping = await CreateAsync("single", new DateOnly(2027, 1, 1), null, ("T", 6.50m));

        Assert.Null(overlapping.TariffId);
        Assert.Contains("пересекаются", overlapping.Error);
        Assert.Equal(tariffs, await host.Database.ScalarAsync<long>("select count(*) from billing.tariffs"));
    }

    [Fact]
    public async Task Volume_ranges_from_2027_are_created_with_their_three_prices_and_announced_ahead_of_their_date()
    {
        var first = await CreateAsync("ranges", new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31), ("R1", 6.43m), ("R2", 8.10m), ("R3", 12.20m));
        var second = await CreateAsync("ranges", new DateOnly(2027, 6, 1), null, ("R1", 6.43m), ("R2", 8.10m), ("R3", 12.20m));
        var missing = await CreateAsync("ranges", new DateOnly(2028, 1, 1), null, ("R1", 6.43m));

        Assert.NotNull(first.TariffId);
        Assert.Contains("пересекаются", second.Error);
        Assert.Contains("Нет цены компонента R2", missing.Error);
        Assert.Equal(3L, await host.Database.ScalarAsync<long>("select count(*) from billing.tariff_versions where tariff_id = @t", ("t", first.TariffId!.Value)));
        Assert.Equal(3L, await host.Database.ScalarAsync<long>(
            "select count(*) from billing.outbox where type = 'billing.tariff-price-set' and (payload->>'tariffId')::bigint = @t", ("t", first.TariffId.Value)));
    }

    [Fact]
    public async Task The_tariffs_page_shows_the_norm_tables_by_rooms_residents_and_stove()
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("operator", "operator-demo");

        var page = await browser.GetStringAsync("/office/billing", Cancel);

        Assert.Contains("Нормативы потребления", page, StringComparison.Ordinal);
        Assert.Contains("rooms=2;residents=3;stove=electric", page, StringComparison.Ordinal);
        // 62 kWh (2 rooms, 3 residents, gas) × 1.35 for an electric stove = 83.7.
        Assert.Contains("83,7 кВт·ч", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
    }
}
