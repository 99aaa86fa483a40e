using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Host.Platform.ApiClients;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Metering;
using Utilities.Platform.Api;

namespace Utilities.Host.Tests;

/// <summary>
/// The <c>Consumption</c> and <c>DailyConsumption</c> entity sets (issue 11): the consumption measured by
/// confirmed readings, the same as Metering's own query gives billing and the cabinet, the counter's rollover,
/// keys, scopes and bad queries.
/// </summary>
public sealed class ConsumptionODataTests(HostFixture host) : IClassFixture<HostFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<HttpClient> ClientAsync(ApiDataScope scope)
    {
        string key;
        await using (var services = host.Factory.Services.CreateAsyncScope())
            key = (await services.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync("consumption client", ["metering:read"], scope, "test", Cancel)).Key;
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private async Task<List<JsonElement>> AllAsync(HttpClient client, string url)
    {
        var rows = new List<JsonElement>();
        string? next = url;
        while (next is not null)
        {
            var response = await client.GetAsync(next, Cancel);
            var body = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{next}: {(int)response.StatusCode} {body}");
            var page = JsonDocument.Parse(body).RootElement;
            rows.AddRange(page.GetProperty("value").EnumerateArray().Select(e => e.Clone()));
            next = page.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
        }

        return rows;
    }

    private static DateOnly Date(JsonElement row, string property) => DateOnly.Parse(row.GetProperty(property).GetString()!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_accounts_monthly_consumption_is_what_Meterings_own_query_measures()
    {
        // An account whose meters have at least three confirmed months.
        var account = await Db.ScalarAsync<long>("""
            select m.account_id from metering.meters m join metering.readings r on r.meter_id = m.id
            where m.account_id is not null and r.status = 'confirmed' and not m.is_automated
            group by m.account_id having count(distinct r.period) >= 3 order by m.account_id limit 1
            """);
        Assert.NotEqual(0L, account);
        var client = await ClientAsync(ApiDataScope.All);

        var rows = await AllAsync(client, $"/odata/Consumption?$filter=AccountId eq {account}&$orderby=Period");

        IReadOnlyList<RegisterConsumption> measured;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            measured = await scope.ServiceProvider.GetRequiredService<IConsumptionQuery>()
                .MonthlyAsync(ConsumptionOwner.Account(account), Date(rows[0], "Period"), Date(rows[^1], "Period"), Cancel);
        var expected = measured.Where(m => m.Volume is not null && m.State == ConsumptionState.Measured)
            .ToDictionary(m => (m.MeterId, m.Register, m.Period), m => m.Volume!.Value);
        Assert.True(expected.Count >= 2, $"the account has measured months: {expected.Count}");
        foreach (var ((meter, register, period), volume) in expected)
        {
            var row = Assert.Single(rows, r => r.GetProperty("MeterId").GetInt64() == meter && r.GetProperty("Register").GetString() == register && Date(r, "Period") == period);
            Assert.Equal(volume, row.GetProperty("Volume").GetDecimal());
            Assert.Equal(row.GetProperty("Closing").GetDecimal() - row.GetProperty("Opening").GetDecimal(), volume);
        }

        // By its key, one row.
        var (keyMeter, keyRegister, keyPeriod) = expected.Keys.First();
        var single = await client.GetAsync($"/odata/Consumption(MeterId={keyMeter},Period={keyPeriod:yyyy-MM-dd},Register='{keyRegister}')", Cancel);
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal(expected[(keyMeter, keyRegister, keyPeriod)], JsonDocument.Parse(await single.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("Volume").GetDecimal());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/odata/Consumption(MeterId={keyMeter},Period=1990-01-01,Register='{keyRegister}')", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_counter_that_rolled_over_counts_up_to_its_capacity_and_on_from_zero()
    {
        // Rule (Metering, MeterArithmetic): closing below opening on a 5-digit counter = closing + 10^5 − opening.
        var account = await Db.ScalarAsync<long>("select id from contracts.personal_accounts where utility = 'cold-water' order by id limit 1");
        var meter = await Db.ScalarAsync<long>($"""
            insert into metering.meters (account_id, utility, serial, registers, digit_capacity, is_automated, installed_on, verified_until)
            values ({account}, 'cold-water', 'ROLL-{Guid.NewGuid():N}', array['total'], 5, false, '2024-01-01', '2032-01-01') returning id
            """);
        await Db.ExecuteAsync($"""
            insert into metering.readings (meter_id, register, taken_at, value, source, period, status, submitted_at) values
              ({meter}, 'total', '2025-03-25 10:00', 99990.5, 'inspector', '2025-03-01', 'confirmed', now()),
              ({meter}, 'total', '2025-04-25 10:00', 14.5, 'inspector', '2025-04-01', 'confirmed', now()),
              ({meter}, 'total', '2025-05-20 10:00', 30, 'consumer', '2025-05-01', 'rejected', now()),
              ({meter}, 'total', '2025-05-25 10:00', 26.5, 'inspector', '2025-05-01', 'confirmed', now())
            """);
        var client = await ClientAsync(ApiDataScope.All);

        var rows = await AllAsync(client, $"/odata/Consumption?$filter=MeterId eq {meter}&$orderby=Period");

        Assert.Equal([new DateOnly(2025, 3, 1), new DateOnly(2025, 4, 1), new DateOnly(2025, 5, 1)], rows.Select(r => Date(r, "Period")));
        Assert.Equal(0m, rows[0].GetProperty("Volume").GetDecimal()); // the first reading has nothing before it
        Assert.Equal(24m, rows[1].GetProperty("Volume").GetDecimal()); // 14.5 + 100000 − 99990.5
        Assert.Equal(12m, rows[2].GetProperty("Volume").GetDecimal()); // the rejected 30 does not count
        Assert.Equal("cold-water", rows[2].GetProperty("Utility").GetString());
    }

    [Fact]
    public async Task An_automated_meters_daily_consumption_is_what_its_interval_data_gives()
    {
        var meter = await Db.ScalarAsync<long>("""
            select m.id from metering.meters m where m.is_automated and m.account_id is not null
            and (select count(distinct r.taken_at::date) from metering.readings r where r.meter_id = m.id and r.status = 'confirmed') >= 10
            order by m.id limit 1
            """);
        Assert.NotEqual(0L, meter);
        var client = await ClientAsync(ApiDataScope.All);
        var rows = await AllAsync(client, $"/odata/DailyConsumption?$filter=MeterId eq {meter}&$orderby=Day desc&$top=10");
        Assert.Equal(10, rows.Count);
        var from = Date(rows[^1], "Day");
        var to = Date(rows[0], "Day");

        IReadOnlyList<DailyConsumption> daily;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            daily = await scope.ServiceProvider.GetRequiredService<IConsumptionQuery>().DailyAsync(meter, from, to, Cancel);

        Assert.NotEmpty(daily);
        foreach (var day in daily.Where(d => d.Day > from))
        {
            var row = Assert.Single(rows, r => Date(r, "Day") == day.Day && r.GetProperty("Register").GetString() == day.Register);
            Assert.Equal(day.Volume, row.GetProperty("Volume").GetDecimal());
        }
    }

    [Fact]
    public async Task A_scoped_client_sees_the_consumption_of_its_accounts_only()
    {
        var supplier = await Db.ScalarAsync<long>("select supplier_id from contracts.personal_accounts group by supplier_id order by count(*) desc, supplier_id limit 1");
        var client = await ClientAsync(new ApiDataScope(supplier, null));
        var accounts = (await Db.ColumnAsync($"select id from contracts.personal_accounts where supplier_id = {supplier}")).Select(long.Parse).ToHashSet();

        var rows = await AllAsync(client, "/odata/Consumption");
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains(r.GetProperty("AccountId").GetInt64(), accounts));
        var expected = await Db.ScalarAsync<long>($"""
            select count(*) from (select distinct r.meter_id, r.register, r.period from metering.readings r join metering.meters m on m.id = r.meter_id
            where r.status = 'confirmed' and r.taken_at < (m.verified_until + 1)::timestamp and m.account_id in (select id from contracts.personal_accounts where supplier_id = {supplier})) x
            """);
        Assert.Equal(expected, rows.Count);

        var daily = await AllAsync(client, "/odata/DailyConsumption?$filter=Day ge 2026-10-01");
        Assert.All(daily, r => Assert.Contains(r.GetProperty("AccountId").GetInt64(), accounts));

        // A foreign meter's row by key is not found, and a filter cannot reach it.
        var foreign = await Db.ScalarAsync<string>($"""
            select concat_ws('|', r.meter_id, r.register, r.period) from metering.readings r join metering.meters m on m.id = r.meter_id
            where r.status = 'confirmed' and (m.account_id is null or m.account_id not in (select id from contracts.personal_accounts where supplier_id = {supplier}))
            order by r.meter_id limit 1
            """);
        var parts = foreign!.Split('|');
        var everyone = await ClientAsync(ApiDataScope.All);
        var url = $"/odata/Consumption(MeterId={parts[0]},Period={parts[2]},Register='{parts[1]}')";
        Assert.Equal(HttpStatusCode.OK, (await everyone.GetAsync(url, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url, Cancel)).StatusCode);
        Assert.Empty(await AllAsync(client, $"/odata/Consumption?$filter=MeterId eq {parts[0]}"));
    }

    [Theory]
    [InlineData("/odata/Consumption?$filter=Volume eq 'много'")]
    [InlineData("/odata/Consumption?$filter=Period eq 2026-13-01")]
    [InlineData("/odata/Consumption(MeterId=1)")]
    [InlineData("/odata/Consumption(MeterId='x',Period=2026-10-01,Register='T1')")]
    [InlineData("/odata/DailyConsumption?$top=5000")]
    [InlineData("/odata/DailyConsumption?$orderby=NoSuchProperty")]
    public async Task A_bad_query_on_consumption_is_a_clear_client_error(string url)
    {
        var client = await ClientAsync(ApiDataScope.All);
        var response = await client.GetAsync(url, Cancel);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
    }
}
