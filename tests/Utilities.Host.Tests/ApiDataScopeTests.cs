using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing.Data;
using Utilities.Billing.Payments;
using Utilities.Host.Platform.ApiClients;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Platform.Api;

namespace Utilities.Host.Tests;

/// <summary>
/// Data scopes of API clients (issue 11, ADR 23): a client bound to one supplier or one service sees
/// only the rows of its accounts in every entity set, and not one row outside, by list or by key; the
/// sets that cover several suppliers (bills, payments) are empty for it. Against a billed November and a payment.
/// </summary>
public sealed class ApiDataScopeTests(BilledHostFixture host) : IClassFixture<BilledHostFixture>
{
    private static readonly string[] Reads = ["contracts:read", "metering:read", "billing:read", "repair-fund:read", "notifications:read"];

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<HttpClient> ClientAsync(ApiDataScope scope)
    {
        string key;
        await using (var services = host.Factory.Services.CreateAsyncScope())
            key = (await services.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync("scoped client", Reads, scope, "test", Cancel)).Key;
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Every row of a set (following next links), as JSON objects.</summary>
    private async Task<List<JsonElement>> AllAsync(HttpClient client, string set)
    {
        var rows = new List<JsonElement>();
        string? url = $"/odata/{set}";
        while (url is not null)
        {
            var response = await client.GetAsync(url, Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{set}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
            rows.AddRange(page.GetProperty("value").EnumerateArray().Select(e => e.Clone()));
            url = page.TryGetProperty("@odata.nextLink", out var next) ? next.GetString() : null;
        }

        return rows;
    }

    private static HashSet<long> Ids(IEnumerable<JsonElement> rows, string property = "Id") => rows.Select(r => r.GetProperty(property).GetInt64()).ToHashSet();

    private async Task<HashSet<long>> SqlIdsAsync(string sql) =>
        (await Db.ColumnAsync(sql)).Select(v => long.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

    private async Task PayAsync()
    {
        if (await Db.ScalarAsync<long>("select count(*) from billing.payments where source = 'scope-test'") > 0)
            return;
        var payerCode = await Db.ScalarAsync<string>("""
            select p.payer_code from contracts.premises p where (select count(distinct a.supplier_id) from contracts.personal_accounts a where a.premises_id = p.id) > 1
            and exists (select 1 from billing.account_balances b where b.premises_id = p.id and b.balance > 0) order by p.id limit 1
            """);
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<PaymentPosting>().PostAsync(
            new PaymentRequest("scope-test", PaymentChannels.Office, PaymentTargets.Bill, payerCode!, 5000m, new DateOnly(2026, 11, 20), null, "test"), Cancel);
        Assert.Null(outcome.Problem);
    }

    [Fact]
    public async Task A_client_bound_to_a_supplier_sees_exactly_the_rows_of_its_accounts_in_every_set()
    {
        await PayAsync();
        // The supplier with the most accounts, and one premises where it is not the only supplier.
        var supplier = await Db.ScalarAsync<long>("select supplier_id from contracts.personal_accounts group by supplier_id order by count(*) desc, supplier_id limit 1");
        Assert.True(await Db.ScalarAsync<long>("select count(distinct supplier_id) from contracts.personal_accounts") > 1, "the demo data has several suppliers");
        var client = await ClientAsync(new ApiDataScope(supplier, null));
        var accounts = $"select id from contracts.personal_accounts where supplier_id = {supplier}";

        Assert.Equal(await SqlIdsAsync(accounts), Ids(await AllAsync(client, "Accounts")));
        Assert.Equal(await SqlIdsAsync($"select distinct contract_id from contracts.personal_accounts where supplier_id = {supplier}"), Ids(await AllAsync(client, "Contracts")));
        Assert.Equal(await SqlIdsAsync($"select distinct premises_id from contracts.personal_accounts where supplier_id = {supplier}"), Ids(await AllAsync(client, "Premises")));
        Assert.Equal(await SqlIdsAsync($"select distinct p.building_id from contracts.premises p join contracts.personal_accounts a on a.premises_id = p.id where a.supplier_id = {supplier}"),
            Ids(await AllAsync(client, "Buildings")));
        Assert.Equal([supplier], Ids(await AllAsync(client, "Organisations")));
        var meters = await SqlIdsAsync($"select id from metering.meters where account_id in ({accounts})");
        Assert.NotEmpty(meters);
        Assert.Equal(meters, Ids(await AllAsync(client, "Meters")));
        Assert.Equal(await SqlIdsAsync($"select r.id from metering.readings r where r.meter_id in (select id from metering.meters where account_id in ({accounts}))"),
            Ids(await AllAsync(client, "Readings")));
        Assert.Equal(await SqlIdsAsync($"select id from billing.tariffs where supplier_id = {supplier}"), Ids(await AllAsync(client, "Tariffs")));
        var charges = await AllAsync(client, "Charges");
        Assert.NotEmpty(charges);
        Assert.Equal(await SqlIdsAsync($"select id from billing.charge_lines where supplier_id = {supplier}"), Ids(charges));
        Assert.All(charges, c => Assert.Equal(supplier, c.GetProperty("SupplierId").GetInt64()));
        Assert.Equal(await SqlIdsAsync($"select account_id from billing.account_balances where supplier_id = {supplier}"), Ids(await AllAsync(client, "Balances")));
        var allocations = await AllAsync(client, "PaymentAllocations");
        Assert.Equal(await SqlIdsAsync($"select id from billing.ledger_entries where payment_id is not null and kind in (1, 3, 7) and supplier_id = {supplier}"), Ids(allocations));
        Assert.All(allocations, a => Assert.Equal(supplier, a.GetProperty("SupplierId").GetInt64()));

        // Bills and payments cover every supplier of the premises: none for a scoped client.
        Assert.Empty(await AllAsync(client, "Bills"));
        Assert.Empty(await AllAsync(client, "Payments"));
        // The repair fund is the owners', not a supplier's.
        Assert.Empty(await AllAsync(client, "Funds"));
        Assert.Empty(await AllAsync(client, "Contributions"));

        // By key: a row of another supplier is not found.
        var foreign = await Db.ScalarAsync<long>($"select id from contracts.personal_accounts where supplier_id <> {supplier} order by id limit 1");
        Assert.NotEqual(0L, foreign);
        Assert.Equal(HttpStatusCode.OK, (await (await ClientAsync(ApiDataScope.All)).GetAsync($"/odata/Accounts({foreign})", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/odata/Accounts({foreign})", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/odata/Balances({foreign})", Cancel)).StatusCode);
        var foreignMeter = await Db.ScalarAsync<long>($"select id from metering.meters where account_id is null or account_id not in ({accounts}) order by id limit 1");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/odata/Meters({foreignMeter})", Cancel)).StatusCode);
        // …and a $filter cannot reach past the scope.
        var filtered = await AllAsync(client, $"Accounts?$filter=SupplierId ne {supplier}");
        Assert.Empty(filtered);
    }

    [Fact]
    public async Task By_key_every_entity_set_answers_404_for_a_row_outside_the_clients_scope()
    {
        await PayAsync();
        var supplier = await Db.ScalarAsync<long>("select supplier_id from contracts.personal_accounts group by supplier_id order by count(*) desc, supplier_id limit 1");
        var scoped = await ClientAsync(new ApiDataScope(supplier, null));
        var everyone = await ClientAsync(ApiDataScope.All);

        // Every entity set and its key, from the service's own metadata: a new set is covered without touching this test.
        var metadata = System.Xml.Linq.XDocument.Parse(await everyone.GetStringAsync("/odata/$metadata", Cancel));
        var keys = metadata.Descendants().Where(e => e.Name.LocalName == "EntityType")
            .ToDictionary(e => e.Attribute("Name")!.Value, e => e.Descendants().Where(k => k.Name.LocalName == "PropertyRef").Select(k => k.Attribute("Name")!.Value).ToList());
        var sets = metadata.Descendants().Where(e => e.Name.LocalName == "EntitySet")
            .Select(e => (Name: e.Attribute("Name")!.Value, Key: keys[e.Attribute("EntityType")!.Value.Split('.')[^1]])).ToList();
        Assert.True(sets.Count >= 15, string.Join(", ", sets.Select(s => s.Name)));

        static string KeyOf(JsonElement row, List<string> key)
        {
            static string Literal(JsonElement v) => v.ValueKind == JsonValueKind.String ? $"'{v.GetString()}'" : v.GetRawText();
            return key.Count == 1 ? Literal(row.GetProperty(key[0])) : string.Join(",", key.Select(k => $"{k}={Literal(row.GetProperty(k))}"));
        }

        var checkedSets = new List<string>();
        var failures = new List<string>();
        foreach (var (set, key) in sets)
        {
            var mine = (await AllAsync(scoped, set)).Select(r => KeyOf(r, key)).ToHashSet();
            var outside = (await AllAsync(everyone, set)).Select(r => KeyOf(r, key)).FirstOrDefault(k => !mine.Contains(k));
            if (outside is null)
                continue; // every row of the set is the client's (or the set is empty)
            var url = $"/odata/{set}({Uri.EscapeDataString(outside)})";
            var seen = await everyone.GetAsync(url, Cancel);
            if (seen.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{url}: an unscoped client gets {(int)seen.StatusCode}");
                continue;
            }

            var refused = await scoped.GetAsync(url, Cancel);
            if (refused.StatusCode != HttpStatusCode.NotFound)
                failures.Add($"{url}: the supplier's client gets {(int)refused.StatusCode}");
            checkedSets.Add(set);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedSets.Count >= 10, "checked: " + string.Join(", ", checkedSets));
        Assert.Contains("Accounts", checkedSets);
        Assert.Contains("Bills", checkedSets);
        Assert.Contains("Payments", checkedSets);
    }

    [Fact]
    public async Task A_client_bound_to_a_service_sees_that_service_only_and_an_unscoped_client_sees_everything()
    {
        await PayAsync();
        var client = await ClientAsync(new ApiDataScope(null, "electricity"));
        var accounts = "select id from contracts.personal_accounts where utility = 'electricity'";
        Assert.Equal(await SqlIdsAsync(accounts), Ids(await AllAsync(client, "Accounts")));
        Assert.All(await AllAsync(client, "Meters"), m => Assert.Equal("electricity", m.GetProperty("Utility").GetString()));
        var charges = await AllAsync(client, "Charges");
        Assert.NotEmpty(charges);
        Assert.All(charges, c => Assert.Equal("electricity", c.GetProperty("Utility").GetString()));
        Assert.Equal(await SqlIdsAsync($"select account_id from billing.account_balances where account_id in ({accounts})"), Ids(await AllAsync(client, "Balances")));
        Assert.Equal(await SqlIdsAsync($"select id from billing.ledger_entries where payment_id is not null and kind in (1, 3, 7) and account_id in ({accounts})"),
            Ids(await AllAsync(client, "PaymentAllocations")));
        Assert.All(await AllAsync(client, "Tariffs"), t => Assert.Equal("electricity", t.GetProperty("Utility").GetString()));

        var everyone = await ClientAsync(ApiDataScope.All);
        Assert.Equal(await SqlIdsAsync("select id from billing.bills"), Ids(await AllAsync(everyone, "Bills")));
        Assert.Equal(await SqlIdsAsync("select id from repair_fund.funds"), Ids(await AllAsync(everyone, "Funds")));
        Assert.NotEmpty(await AllAsync(everyone, "Funds"));
        Assert.Contains(await Db.ScalarAsync<long>("select id from billing.payments where source = 'scope-test'"), Ids(await AllAsync(everyone, "Payments")));
        Assert.Equal(await Db.ScalarAsync<long>("select count(*) from contracts.personal_accounts"), (await AllAsync(everyone, "Accounts")).Count);
    }
}

/// <summary>Issue 11: a rate limit per API client (RateLimits:ApiRequestsPerMinute), answered 429 in OData's error format; every call is logged with its client.</summary>
public sealed class ApiRateLimitTests(HostFixture host) : IClassFixture<HostFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_over_its_limit_gets_429_with_retry_after_while_another_client_is_served()
    {
        await using var factory = new HostFactory(host.Database.ConnectionString,
            new Dictionary<string, string?> { ["Demo:SeedOnStart"] = "false", ["RateLimits:ApiRequestsPerMinute"] = "3" });
        string busy, other;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ApiClientStore>();
            busy = (await store.CreateAsync("busy client", ["contracts:read"], "test", Cancel)).Key;
            other = (await store.CreateAsync("other client", ["contracts:read"], "test", Cancel)).Key;
        }

        HttpClient Client(string key)
        {
            var client = factory.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            return client;
        }

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await Client(busy).GetAsync("/odata/Buildings?$top=1", Cancel)).StatusCode);
        var refused = await Client(busy).GetAsync("/odata/Buildings?$top=1", Cancel);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null);
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("error");
        Assert.Equal("TooManyRequests", error.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Client(other).GetAsync("/odata/Buildings?$top=1", Cancel)).StatusCode);
    }
}
