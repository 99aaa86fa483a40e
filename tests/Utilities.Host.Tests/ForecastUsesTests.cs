using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Metering.Anomalies;
using Utilities.Platform.Time;
using Utilities.Plugins.Sdk;
using SdkDaily = Utilities.Plugins.Sdk.DailyConsumption;

namespace Utilities.Host.Tests;

/// <summary>
/// The uses of the forecasts (issue 10, ADR 0024): anomaly alerts of automated meters (a likely leak,
/// consumption outside the interval N days running), told to the consumer once, listed for operators
/// and shown in the cabinet; the operator's demand screen per building and service.
/// </summary>
public sealed class ForecastUsesTests(HostFixture host) : IClassFixture<HostFixture>
{
    private const string Owner = "ivanov.sp@example.ru";
    private const string Other = "petrova.mi@example.ru";
    private const string Password = "cabinet-demo";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<DateOnly> TodayAsync()
    {
        using var scope = host.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IClock>().TodayAsync(Cancel);
    }

    private async Task<AnomalyRun> DetectAsync(DateOnly day)
    {
        using var scope = host.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AnomalyDetector>().DetectAsync(day, Cancel);
    }

    private async Task<long> AccountAsync(string email, string utility) => await Db.ScalarAsync<long>("""
        select a.id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
        join contracts.consumers p on p.id = c.consumer_id
        where p.email = @e and a.utility = @u and a.closed_on is null order by a.id limit 1
        """, ("e", email), ("u", utility));

    private async Task<long> AutomatedMeterAsync(long accountId, string utility, string register)
    {
        var serial = "A-" + Guid.NewGuid().ToString("N")[..10];
        return await Db.ScalarAsync<long>($"""
            insert into metering.meters (account_id, utility, serial, registers, digit_capacity, is_automated, installed_on, verified_until)
            values ({accountId}, '{utility}', '{serial}', array['{register}'], 8, true, current_date - 900, date '2031-06-30') returning id
            """);
    }

    /// <summary>Cumulative readings from automation: one per moment, the counter starting at 1000.</summary>
    private async Task InsertAsync(long meterId, string register, IReadOnlyList<DateTime> at, IReadOnlyList<decimal> flows)
    {
        var values = new decimal[flows.Count];
        var total = 1000m;
        for (var i = 0; i < flows.Count; i++)
            values[i] = total += flows[i];
        await using var source = Db.OpenDataSource();
        await using var command = source.CreateCommand("""
            insert into metering.readings (meter_id, register, taken_at, value, source, kind, period, status, submitted_at, submitted_by)
            select @m, @r, t, v, 'automation', 'regular', date_trunc('month', t - interval '1 microsecond')::date, 'confirmed', now(), 'test-ami'
            from unnest(@at, @values) as x(t, v)
            """);
        command.Parameters.AddWithValue("m", meterId);
        command.Parameters.AddWithValue("r", register);
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Timestamp) { Value = at.ToArray() });
        command.Parameters.AddWithValue("values", values);
        await command.ExecuteNonQueryAsync(Cancel);
    }

    /// <summary>Hourly readings of a water meter for the 4 days before <paramref name="today"/>; with night zeros, no flow from 01:00 to 05:00.</summary>
    private async Task<long> HourlyWaterMeterAsync(DateOnly today, bool nightZeros)
    {
        var meter = await AutomatedMeterAsync(await AccountAsync(Owner, "cold-water"), "cold-water", "total");
        var start = today.AddDays(-4).ToDateTime(TimeOnly.MinValue);
        var at = Enumerable.Range(0, (4 * 24) + 1).Select(h => start.AddHours(h)).ToList();
        // The flow of the hour ending at the moment: 0.012 m³ at least (a dripping cistern), more by day.
        var flows = at.Select((t, i) => i == 0 ? 0m : nightZeros && t.AddHours(-1).Hour is >= 1 and < 5 ? 0m : t.Hour is >= 7 and < 23 ? 0.035m : 0.012m).ToList();
        await InsertAsync(meter, "total", at, flows);
        return meter;
    }

    private Task<long> AlertCountAsync(long meterId, string kind) =>
        Db.ScalarAsync<long>("select count(*) from metering.consumption_alerts where meter_id = @m and kind = @k", ("m", meterId), ("k", kind))!;

    private async Task<long> WaitForMessagesAsync(string source, long atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long found;
        while ((found = await Db.ScalarAsync<long>("select count(*) from notifications.messages where source = @s", ("s", source))) < atLeast && DateTime.UtcNow < deadline)
            await Task.Delay(200, Cancel);
        return found;
    }

    private Task<long> OutboxEventsAsync() =>
        Db.ScalarAsync<long>("select count(*) from metering.outbox where type = 'metering.consumption-anomaly-detected'")!;

    private async Task<HttpClient> ConsumerAsync(string email)
    {
        var browser = host.Factory.CreateBrowser();
        var response = await browser.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private async Task<HttpClient> StaffAsync(string login)
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync(login, login + "-demo");
        return browser;
    }

    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Fact]
    public async Task A_water_meter_whose_hourly_flow_never_reaches_zero_for_three_days_raises_one_leak_alert_and_one_message()
    {
        var today = await TodayAsync();
        var leaking = await HourlyWaterMeterAsync(today, nightZeros: false);
        var normal = await HourlyWaterMeterAsync(today, nightZeros: true);

        var run = await DetectAsync(today);

        Assert.True(run.Ran);
        var alert = Assert.Single(run.Opened, a => a.MeterId == leaking);
        Assert.Equal(AnomalyKinds.Leak, alert.Kind);
        Assert.Equal(today.AddDays(-3), alert.FirstDay);
        Assert.Equal(today.AddDays(-1), alert.LastDay);
        Assert.DoesNotContain(run.Opened, a => a.MeterId == normal);
        Assert.Equal(0, await AlertCountAsync(normal, AnomalyKinds.Leak));
        Assert.Equal(1, await AlertCountAsync(leaking, AnomalyKinds.Leak));

        // The consumer is told through Notifications: one message on the meter topic, delivered to the holder's e-mail.
        var source = $"anomaly-{alert.AlertId}";
        Assert.Equal(1, await WaitForMessagesAsync(source, 1));
        Assert.Equal("meter", await Db.ScalarAsync<string>("select topic from notifications.messages where source = @s", ("s", source)));
        var deliveries = await Db.ScalarAsync<long>(
            "select count(*) from notifications.deliveries d join notifications.messages m on m.id = d.message_id where m.source = @s", ("s", source));
        Assert.Equal(1, deliveries);

        // A rerun (the job on another host, or the next hour) opens nothing and announces nothing.
        var events = await OutboxEventsAsync();
        var again = await DetectAsync(today);
        Assert.True(again.Ran);
        Assert.Empty(again.Opened);
        Assert.Equal(1, await AlertCountAsync(leaking, AnomalyKinds.Leak));
        Assert.Equal(events, await OutboxEventsAsync());
        await Task.Delay(1000, Cancel);
        Assert.Equal(1, await WaitForMessagesAsync(source, 1));
        Assert.Equal(deliveries, await Db.ScalarAsync<long>(
            "select count(*) from notifications.deliveries d join notifications.messages m on m.id = d.message_id where m.source = @s", ("s", source)));
    }

    /// <summary>
    /// 400 days of a weekly shape with a little noise, as an automated electricity meter reports it
    /// (one reading at 00:00 a day); the forecast of the last three days from the day before them,
    /// as the plugin makes it from the same history.
    /// </summary>
    private async Task<(List<DateTime> At, List<decimal> Flows, IReadOnlyList<ConsumptionForecast> Forecast)> DailySeriesAsync(DateOnly today, int days)
    {
        var first = today.AddDays(-days);
        var start = first.AddDays(-400);
        var at = new List<DateTime>();
        var flows = new List<decimal>();
        var history = new List<SdkDaily>();
        for (var day = start.AddDays(-1); day < first; day = day.AddDays(1))
        {
            at.Add(day.AddDays(1).ToDateTime(TimeOnly.MinValue));
            var volume = day < start ? 0m : (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 14m : 10m) + (((day.DayNumber * 7) % 11) - 5) / 10m;
            flows.Add(volume);
            if (day >= start)
                history.Add(new SdkDaily(day, volume));
        }

        using var scope = host.Factory.Services.CreateScope();
        var electricity = scope.ServiceProvider.GetServices<IUtilityPlugin>().Single(p => p.Code == "electricity");
        var forecast = electricity.Forecaster.ForecastDays(new ForecastHistory { Daily = history }, days);
        Assert.Equal(days, forecast.Count);
        return (at, flows, forecast);
    }

    [Fact]
    public async Task Consumption_outside_the_interval_three_days_running_raises_an_alert_and_two_days_do_not()
    {
        var today = await TodayAsync();
        const int days = 3; // the setting's default
        var (at, flows, forecast) = await DailySeriesAsync(today, days);
        var account = await AccountAsync(Owner, "electricity");
        var high = forecast.Select(f => Math.Round((f.Upper * 3) + 5, 3)).ToList();
        Assert.All(forecast.Zip(high), x => Assert.False(x.First.Contains(x.Second)));

        var threeDays = await AutomatedMeterAsync(account, "electricity", "T1");
        await InsertAsync(threeDays, "T1",
            [.. at, .. forecast.Select(f => f.To.AddDays(1).ToDateTime(TimeOnly.MinValue))], [.. flows, .. high]);

        // Two days high after an ordinary one (the forecast itself, inside its interval).
        var twoDays = await AutomatedMeterAsync(account, "electricity", "T1");
        var ordinary = Math.Round(forecast[0].Volume, 3);
        Assert.True(forecast[0].Contains(ordinary));
        await InsertAsync(twoDays, "T1",
            [.. at, .. forecast.Select(f => f.To.AddDays(1).ToDateTime(TimeOnly.MinValue))], [.. flows, ordinary, high[1], high[2]]);

        var run = await DetectAsync(today);

        var alert = Assert.Single(run.Opened, a => a.MeterId == threeDays);
        Assert.Equal(AnomalyKinds.OutsideForecast, alert.Kind);
        Assert.Equal(today.AddDays(-days), alert.FirstDay);
        Assert.Equal(0, await AlertCountAsync(twoDays, AnomalyKinds.OutsideForecast));
        Assert.Equal(high.Sum(), await Db.ScalarAsync<decimal>("select actual from metering.consumption_alerts where id = @id", ("id", alert.AlertId)));
        Assert.Equal(1, await WaitForMessagesAsync($"anomaly-{alert.AlertId}", 1));

        var again = await DetectAsync(today);
        Assert.DoesNotContain(again.Opened, a => a.MeterId == threeDays || a.MeterId == twoDays);
        Assert.Equal(1, await AlertCountAsync(threeDays, AnomalyKinds.OutsideForecast));
    }

    [Fact]
    public async Task The_consumer_sees_their_alert_in_the_cabinet_and_another_consumer_does_not()
    {
        var today = await TodayAsync();
        var leaking = await HourlyWaterMeterAsync(today, nightZeros: false);
        await DetectAsync(today);
        var alertId = await Db.ScalarAsync<long>("select id from metering.consumption_alerts where meter_id = @m and closed_at is null", ("m", leaking));
        var account = await AccountAsync(Owner, "cold-water");

        var owner = await ConsumerAsync(Owner);
        var page = await TextAsync(await owner.GetAsync($"/cabinet/accounts/{account}/meters", Cancel));
        Assert.Contains($"data-alert=\"{alertId}\"", page, StringComparison.Ordinal);
        Assert.Contains("вероятная утечка воды", page, StringComparison.Ordinal);

        var other = await ConsumerAsync(Other);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/cabinet/accounts/{account}/meters", Cancel)).StatusCode);
        var own = await TextAsync(await other.GetAsync($"/cabinet/accounts/{await AccountAsync(Other, "cold-water")}/meters", Cancel));
        Assert.DoesNotContain($"data-alert=\"{alertId}\"", own, StringComparison.Ordinal);
        Assert.DoesNotContain("утечка", own, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operators_list_acknowledge_and_close_alerts_and_bad_input_gets_a_message_not_a_500()
    {
        var today = await TodayAsync();
        var leaking = await HourlyWaterMeterAsync(today, nightZeros: false);
        await DetectAsync(today);
        var alertId = await Db.ScalarAsync<long>("select id from metering.consumption_alerts where meter_id = @m and closed_at is null", ("m", leaking));
        const string page = "/office/metering/alerts";
        var operatorBrowser = await StaffAsync("operator");

        var list = await operatorBrowser.GetStringAsync(page, Cancel);
        Assert.Contains($"data-alert=\"{alertId}\"", list, StringComparison.Ordinal);

        foreach (var bad in new[] { "abc", "-1", "999999999", "" })
        {
            var response = await operatorBrowser.PostFormAsync(page, page + "?handler=Acknowledge", new Dictionary<string, string> { ["AlertId"] = bad });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Такой тревоги нет.", await TextAsync(response), StringComparison.Ordinal);
        }

        Assert.Null(await Db.ScalarAsync<DateTime?>("select acknowledged_at from metering.consumption_alerts where id = @id", ("id", alertId)));

        var acknowledged = await operatorBrowser.PostFormAsync(page, page + "?handler=Acknowledge", new Dictionary<string, string> { ["AlertId"] = $"{alertId}" });
        Assert.Equal(HttpStatusCode.Redirect, acknowledged.StatusCode);
        Assert.Equal("staff:operator", await Db.ScalarAsync<string>("select acknowledged_by from metering.consumption_alerts where id = @id", ("id", alertId)));
        var twice = await operatorBrowser.PostFormAsync(page, page + "?handler=Acknowledge", new Dictionary<string, string> { ["AlertId"] = $"{alertId}" });
        Assert.Contains("Эта тревога уже принята в работу.", await TextAsync(twice), StringComparison.Ordinal);

        // Acknowledged, the alert stays open: the check does not raise it again.
        Assert.DoesNotContain((await DetectAsync(today)).Opened, a => a.MeterId == leaking);

        var closed = await operatorBrowser.PostFormAsync(page, page + "?handler=Close", new Dictionary<string, string> { ["AlertId"] = $"{alertId}" });
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.NotNull(await Db.ScalarAsync<DateTime?>("select closed_at from metering.consumption_alerts where id = @id", ("id", alertId)));
        var closedAgain = await operatorBrowser.PostFormAsync(page, page + "?handler=Close", new Dictionary<string, string> { ["AlertId"] = $"{alertId}" });
        Assert.Equal(HttpStatusCode.OK, closedAgain.StatusCode);
        Assert.Contains("Эта тревога уже закрыта.", await TextAsync(closedAgain), StringComparison.Ordinal);
        Assert.DoesNotContain($"data-alert=\"{alertId}\"", await operatorBrowser.GetStringAsync(page, Cancel), StringComparison.Ordinal);

        // Without the antiforgery token nothing happens; an accountant does not work alerts.
        var forged = await operatorBrowser.PostAsync(page + "?handler=Close", new FormUrlEncodedContent(new Dictionary<string, string> { ["AlertId"] = "1" }), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var accountant = await StaffAsync("accountant");
        Assert.Equal(HttpStatusCode.Redirect, (await accountant.GetAsync(page, Cancel)).StatusCode);
    }

    [Fact]
    public async Task The_demand_screen_shows_a_buildings_next_month_forecast_with_its_interval_and_the_forecast_against_actual()
    {
        var building = await Db.ScalarAsync<long>("""
            select p.building_id from metering.meters m join contracts.personal_accounts a on a.id = m.account_id
            join contracts.premises p on p.id = a.premises_id
            where m.utility = 'cold-water' and not m.is_automated group by p.building_id order by count(*) desc, p.building_id limit 1
            """);
        var today = await TodayAsync();
        var last = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        // The building's cold water of the last complete period, computed here from the readings: Σ (last counted − last counted the month before).
        var actual = await Db.ScalarAsync<decimal>("""
            with c as (
                select distinct on (r.meter_id, r.period) r.meter_id, r.period, r.value
                from metering.readings r join metering.meters m on m.id = r.meter_id
                join contracts.personal_accounts a on a.id = m.account_id join contracts.premises p on p.id = a.premises_id
                where p.building_id = @b and m.utility = 'cold-water' and r.status = 'confirmed' and r.period in (@last, @before)
                  and r.taken_at < (m.verified_until + 1)::timestamp
                order by r.meter_id, r.period, r.taken_at desc)
            select coalesce(sum(cur.value - prev.value), 0) from c cur join c prev on prev.meter_id = cur.meter_id and prev.period = @before
            where cur.period = @last and cur.value >= prev.value
            """, ("b", building), ("last", last), ("before", last.AddMonths(-1)));
        Assert.True(actual > 0);

        var browser = await StaffAsync("accountant");
        var response = await browser.GetAsync($"/office/metering/demand?building={building}", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        var open = $"<script type=\"application/json\" id=\"demand-{building}-cold-water-data\">";
        var at = html.IndexOf(open, StringComparison.Ordinal);
        Assert.True(at >= 0, "the chart data of the building's cold water");
        at += open.Length;
        using var chart = JsonDocument.Parse(html[at..html.IndexOf("</script>", at, StringComparison.Ordinal)]);
        var labels = chart.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToList();
        var sets = chart.RootElement.GetProperty("datasets").EnumerateArray().Select(d => d.GetProperty("data").EnumerateArray()
            .Select(v => v.ValueKind == JsonValueKind.Null ? (decimal?)null : v.GetDecimal()).ToList()).ToList();
        var lastIndex = labels.IndexOf(last.ToString("MM.yyyy", CultureInfo.InvariantCulture));
        Assert.Equal(labels.Count - 3, lastIndex); // 12 past months, then this month and the next, forecast only
        Assert.Equal(actual, sets[0][lastIndex]);
        Assert.Null(sets[0][^1]);
        // The last past month was forecast at its origin, and next month has a forecast inside its interval.
        Assert.NotNull(sets[1][lastIndex]);
        Assert.True(sets[2][^1] <= sets[1][^1] && sets[1][^1] <= sets[3][^1] && sets[1][^1] > 0);

        // The page prints the same next-month forecast.
        var figure = string.Create(CultureInfo.GetCultureInfo("ru-RU"), $"{sets[1][^1]!.Value:#,##0.###}");
        Assert.Contains(figure, WebUtility.HtmlDecode(html), StringComparison.Ordinal);

        var anonymous = host.Factory.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/office/metering/demand", Cancel)).StatusCode);
    }
}
