using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Host.Platform.ApiClients;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>The integrators' OData API at /odata: one model from every module, limits, API keys.</summary>
public sealed class ODataTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static readonly string[] AllScopes =
        ["contracts:read", "metering:read", "billing:read", "repair-fund:read", "notifications:read"];

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(long Id, string Key)> NewKeyAsync(params string[] scopes)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var (client, key) = await scope.ServiceProvider.GetRequiredService<ApiClientStore>()
            .CreateAsync("test client", scopes.Length > 0 ? scopes : AllScopes, "test", Cancel);
        return (client.Id, key);
    }

    private HttpClient Client(string? key = null)
    {
        var client = host.Factory.CreateClient();
        if (key is not null)
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Metadata_lists_the_entity_sets_of_all_five_modules_under_clean_namespaces()
    {
        var (_, key) = await NewKeyAsync("contracts:read");

        var response = await Client(key).GetAsync("/odata/$metadata", Cancel);
        var xml = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var edm = XDocument.Parse(xml);
        var sets = edm.Descendants().Where(e => e.Name.LocalName == "EntitySet").Select(e => e.Attribute("Name")!.Value).ToList();
        Assert.Equal(sets.Count, sets.Distinct().Count());
        foreach (var set in new[] { "Buildings", "Premises", "Accounts", "Contracts", "Meters", "Readings", "Consumption", "DailyConsumption", "Tariffs", "TariffVersions", "Charges", "Bills", "Payments", "PaymentAllocations", "Balances", "Funds", "ContributionRates", "Contributions", "Works", "Spending", "Notices" })
            Assert.Contains(set, sets);
        var namespaces = edm.Descendants().Where(e => e.Name.LocalName == "Schema").Select(e => e.Attribute("Namespace")!.Value).ToList();
        Assert.Superset(
            new HashSet<string> { "Utilities.Contracts", "Utilities.Metering", "Utilities.Billing", "Utilities.RepairFund", "Utilities.Notifications" },
            namespaces.ToHashSet());
        Assert.DoesNotContain("Record", xml, StringComparison.Ordinal);
        Assert.DoesNotContain(".OData", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("FullName", xml, StringComparison.Ordinal); // consumers' personal data is not published
    }

    [Fact]
    public async Task A_query_pages_the_demo_data_with_next_links()
    {
        var (_, key) = await NewKeyAsync("contracts:read");
        var client = Client(key);
        using var first = new HttpRequestMessage(HttpMethod.Get, "/odata/Accounts?$select=Number&$orderby=Number");
        first.Headers.Add("Prefer", "odata.maxpagesize=5");

        var page = await JsonAsync(await client.SendAsync(first, Cancel));

        Assert.Equal(5, page.GetProperty("value").GetArrayLength());
        Assert.Equal("1000001", page.GetProperty("value")[0].GetProperty("Number").GetString());
        var next = page.GetProperty("@odata.nextLink").GetString()!;
        using var second = new HttpRequestMessage(HttpMethod.Get, next);
        second.Headers.Add("Prefer", "odata.maxpagesize=5");
        var nextPage = await JsonAsync(await client.SendAsync(second, Cancel));
        Assert.Equal("1000006", nextPage.GetProperty("value")[0].GetProperty("Number").GetString());

        // The server's own page size (500) holds all 48 demo accounts: no next link.
        var all = await JsonAsync(await client.GetAsync("/odata/Accounts?$count=true", Cancel));
        Assert.Equal(all.GetProperty("@odata.count").GetInt64(), all.GetProperty("value").GetArrayLength());
        Assert.False(all.TryGetProperty("@odata.nextLink", out _));
    }

    [Fact]
    public async Task Filter_select_and_expand_work_within_a_module()
    {
        var (_, key) = await NewKeyAsync();
        var client = Client(key);

        var tariffs = await JsonAsync(await client.GetAsync("/odata/Tariffs?$filter=Utility eq 'electricity'&$expand=Versions&$top=1", Cancel));
        var tariff = tariffs.GetProperty("value")[0];
        Assert.Equal("electricity", tariff.GetProperty("Utility").GetString());
        Assert.True(tariff.GetProperty("Versions").GetArrayLength() > 0);

        foreach (var set in new[] { "Buildings", "Premises", "Contracts", "Organisations", "Meters", "Readings", "TariffVersions", "Funds", "ContributionRates", "Works", "Spending", "Notices" })
        {
            var response = await client.GetAsync($"/odata/{set}?$top=1", Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{set}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
            Assert.Equal(1, (await JsonAsync(response)).GetProperty("value").GetArrayLength());
        }
    }

    [Theory]
    [InlineData("/odata/Readings?$top=5000", "The limit of '1000' for Top query has been exceeded")]
    [InlineData("/odata/Tariffs?$expand=Versions($expand=Tariff($expand=Versions))", "too deep")]
    [InlineData("/odata/Buildings?$filter=NoSuchProperty eq 1", "Could not find a property named 'NoSuchProperty'")]
    [InlineData("/odata/Charges?$filter=Amount eq 'много'", "")]
    [InlineData("/odata/Charges?$top=-1", "")]
    [InlineData("/odata/Balances?$skip=2000000", "")]
    [InlineData("/odata/PaymentAllocations?$orderby=Id,AccountId,PremisesId,SupplierId,ForPeriod,PaidOn", "")]
    [InlineData("/odata/Payments?$expand=Nothing", "")]
    [InlineData("/odata/Bills?$filter=Period eq 2026-13-45", "")]
    public async Task A_query_over_the_limits_is_answered_400_with_a_clear_message_and_no_stack_trace(string url, string message)
    {
        var (_, key) = await NewKeyAsync();

        var response = await Client(key).GetAsync(url, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, body, StringComparison.Ordinal);
        Assert.DoesNotContain("innererror", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("stacktrace", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_filter_is_answered_400()
    {
        var (_, key) = await NewKeyAsync();
        var filter = string.Join(" or ", Enumerable.Range(1, 80).Select(i => $"Id eq {i}"));

        var response = await Client(key).GetAsync($"/odata/Readings?$filter={Uri.EscapeDataString(filter)}", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("node count", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/odata/Buildings")]
    [InlineData("/odata/$metadata")]
    [InlineData("/odata")]
    public async Task Calls_without_a_key_are_refused_401_with_a_basic_challenge(string url)
    {
        var response = await Client().GetAsync(url, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Basic", challenge.Scheme);
        Assert.Contains("realm=\"Utilities API\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("X-Api-Key", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uk_000000000000_not-a-real-secret")]
    [InlineData("not even a key")]
    public async Task Unknown_or_malformed_keys_are_refused_401(string key)
    {
        var response = await Client(key).GetAsync("/odata/Buildings", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_secret_with_a_real_prefix_is_refused_401()
    {
        var (_, key) = await NewKeyAsync();
        var forged = key[..^4] + (key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(forged).GetAsync("/odata/Buildings", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_valid_key_is_accepted_in_the_header_and_as_the_basic_password()
    {
        var (_, key) = await NewKeyAsync("contracts:read");

        Assert.Equal(HttpStatusCode.OK, (await Client(key).GetAsync("/odata/Buildings", Cancel)).StatusCode);

        var excel = Client();
        excel.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("excel:" + key)));
        var response = await excel.GetAsync("/odata/Buildings", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await JsonAsync(response)).GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var (id, key) = await NewKeyAsync("contracts:read");
        var client = Client(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/odata/Buildings", Cancel)).StatusCode);

        await using (var scope = host.Factory.Services.CreateAsyncScope())
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<ApiClientStore>().RevokeAsync(id, "test", Cancel));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/odata/Buildings", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_key_without_the_modules_scope_is_refused_403()
    {
        var (_, key) = await NewKeyAsync("contracts:read", "metering:write");
        var client = Client(key);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/odata/Accounts", Cancel)).StatusCode);
        var response = await client.GetAsync("/odata/Meters", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("metering:read", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/odata/Funds", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_staff_cookie_opens_no_api_and_a_key_opens_no_back_office()
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("admin", "admin-demo");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/odata/Buildings", Cancel)).StatusCode);

        var (_, key) = await NewKeyAsync();
        var stranger = host.Factory.CreateBrowser();
        stranger.DefaultRequestHeaders.Add("X-Api-Key", key);
        var office = await stranger.GetAsync("/office/contracts", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, office.StatusCode);
        Assert.StartsWith("/office/sign-in", office.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_hash_of_a_key_is_stored()
    {
        var (id, key) = await NewKeyAsync();

        var hash = await host.Database.ScalarAsync<byte[]>("select key_hash from platform.api_clients where id = @id", ("id", id));
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(key)), hash);
        var secret = key.Split('_', 3)[2];
        Assert.Equal(0L, await host.Database.ScalarAsync<long>(
            "select count(*) from platform.api_clients c where position(@s in c::text) > 0", ("s", secret)));
    }

    [Fact]
    public async Task A_filter_on_a_moment_with_a_Moscow_offset_means_the_same_moment_in_UTC()
    {
        var (_, key) = await NewKeyAsync("metering:read");
        var client = Client(key);

        var utc = await JsonAsync(await client.GetAsync("/odata/Readings?$filter=SubmittedAt ge 2026-06-01T00:00:00Z&$count=true&$top=1", Cancel));
        var moscow = await client.GetAsync("/odata/Readings?$filter=SubmittedAt ge 2026-06-01T03:00:00%2B03:00&$count=true&$top=1", Cancel);

        Assert.Equal(HttpStatusCode.OK, moscow.StatusCode);
        var count = utc.GetProperty("@odata.count").GetInt64();
        Assert.True(count > 0);
        Assert.Equal(count, (await JsonAsync(moscow)).GetProperty("@odata.count").GetInt64());
    }
}
