using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Host.Platform.ApiClients;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// Hostile input (issue 12, ADR 25) on every state-changing route the host maps, found in its endpoint
/// data source rather than listed by hand: without an antiforgery token (or API key) a write is refused;
/// with one, script tags, SQL fragments, huge and negative numbers, 100k-character strings, NUL
/// characters, broken UTF-8 and wrong content types never get a 500 and are never echoed unencoded.
/// Security headers on every response.
/// </summary>
public sealed class HostileInputTests(HostFixture host) : IClassFixture<HostFixture>
{
    private const string Script = "<script>alert(1)</script>";

    private static readonly string[] HostileTexts =
    [
        Script, "'; drop table x;--", "1e400", "99999999999999999999999999", "-1", "NaN", "a\0b", new string('я', 100_000), "0x7FFFFFFF", "\uD800",
    ];

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private sealed record Clients(HttpClient Anonymous, HttpClient Consumer, HttpClient Admin, HttpClient Inspector, HttpClient Terminal, HttpClient KioskSession);

    private async Task<Clients> ClientsAsync() => new(
        host.Factory.CreateBrowser(),
        await Sessions.ConsumerAsync(host.Factory, "Д-2024/0001"),
        await Sessions.StaffAsync(host.Factory, "admin"),
        await Sessions.StaffAsync(host.Factory, "inspector"),
        await Sessions.PairedTerminalAsync(host.Factory),
        await Sessions.KioskSessionAsync(host.Factory, Db, "Д-2024/0001"));

    /// <summary>Who may use a route: the shell's signed-in person (the back office's two kinds of staff), or anyone.</summary>
    private static (HttpClient[] Clients, string TokenPage) Who(RouteHandler route, Clients c) => route.Pattern.TrimStart('/') switch
    {
        var p when p.StartsWith("office/sign-in", StringComparison.Ordinal) => ([c.Anonymous], "/office/sign-in"),
        var p when p.StartsWith("office", StringComparison.Ordinal) => ([c.Admin, c.Inspector], "/office"),
        var p when p.StartsWith("cabinet", StringComparison.Ordinal) => ([c.Consumer], "/cabinet"),
        var p when p.StartsWith("kiosk/session", StringComparison.Ordinal) => ([c.KioskSession], "/kiosk/session"),
        var p when p.StartsWith("kiosk", StringComparison.Ordinal) => ([c.Terminal], "/kiosk"),
        _ => ([c.Anonymous], "/sign-in"),
    };

    /// <summary>Route values that exist: the signed-in consumer's own account, meter and bill; some contract, meter, notice, payment in the office.</summary>
    private async Task<Func<string, string>> RouteValuesAsync(RouteHandler route)
    {
        var pattern = route.Pattern.TrimStart('/');
        var own = "(select a.id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id where c.number = 'Д-2024/0001')";
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (pattern.StartsWith("cabinet", StringComparison.Ordinal) || pattern.StartsWith("kiosk", StringComparison.Ordinal))
        {
            var meter = await Db.ScalarAsync<long>($"select id from metering.meters where account_id in {own} order by id limit 1");
            values["meterId"] = meter.ToString(CultureInfo.InvariantCulture);
            values["id"] = values["accountId"] = (await Db.ScalarAsync<long>($"select account_id from metering.meters where id = {meter}")).ToString(CultureInfo.InvariantCulture);
            values["billId"] = (await Db.ScalarAsync<long?>($"select min(id) from billing.bills where premises_id in (select premises_id from contracts.personal_accounts where id in {own})"))?.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            values["id"] = (pattern switch
            {
                _ when pattern.StartsWith("office/contracts", StringComparison.Ordinal) => await Db.ScalarAsync<long?>("select min(id) from contracts.contracts"),
                _ when pattern.StartsWith("office/notifications", StringComparison.Ordinal) => await Db.ScalarAsync<long?>("select min(id) from notifications.notices"),
                _ when pattern.StartsWith("office/metering", StringComparison.Ordinal) => await Db.ScalarAsync<long?>("select min(id) from metering.meters"),
                _ => 1,
            })?.ToString(CultureInfo.InvariantCulture);
            values["accountId"] = (await Db.ScalarAsync<long?>("select min(id) from contracts.personal_accounts"))?.ToString(CultureInfo.InvariantCulture);
            values["paymentId"] = (await Db.ScalarAsync<long?>("select min(id) from billing.payments"))?.ToString(CultureInfo.InvariantCulture);
            values["billId"] = (await Db.ScalarAsync<long?>("select min(id) from billing.bills"))?.ToString(CultureInfo.InvariantCulture);
        }

        values["orderId"] = Guid.NewGuid().ToString();
        return name => values.GetValueOrDefault(name) ?? "1";
    }

    private async Task<IReadOnlyList<RouteHandler>> WritesAsync() =>
        (await RouteCatalog.HandlersAsync(host.Factory.Services))
        .Where(h => h.Method is "POST" or "PUT" or "PATCH" or "DELETE")
        // Signing out last: it ends the session the other routes are posted in.
        .OrderBy(h => h.Pattern.Contains("sign-out", StringComparison.Ordinal) || h.Handler == "SignOut")
        .ToList();

    private static async Task<string> TokenAsync(HttpClient client, string page) => await client.AntiforgeryTokenAsync(page);

    [Fact]
    public async Task The_route_catalog_finds_the_pages_forms_and_the_api_writes()
    {
        var writes = await WritesAsync();

        // A few known ones, so the discovery cannot quietly find nothing.
        Assert.Contains(writes, w => w.IsPage && w.Pattern.Contains("meters/{meterId", StringComparison.Ordinal) && w.Fields.Count > 0);
        Assert.Contains(writes, w => w.IsPage && w.Pattern == "office/contracts/new");
        Assert.Contains(writes, w => w.IsPage && w.Pattern == "office/billing/tariffs/new");
        Assert.Contains(writes, w => !w.IsPage && w.Pattern == "/api/metering/readings");
        Assert.Contains(writes, w => !w.IsPage && w.Pattern == "/api/billing/payments/callback");
        Assert.True(writes.Count(w => w.IsPage) > 40, $"{writes.Count(w => w.IsPage)} page handlers: {string.Join(", ", writes)}");
    }

    [Fact]
    public async Task Every_page_post_without_an_antiforgery_token_is_refused_and_changes_nothing()
    {
        var clients = await ClientsAsync();
        var failures = new List<string>();
        var writes = await WritesAsync();
        // The error page is where a refused or failed request is re-executed (with the method it came with): it changes nothing.
        // The language switch checks its token itself, against each identity signed in (it sits in all three shells),
        // so it is posted to below like every other page.
        Assert.Equal(["culture", "error"], writes.Where(w => w.IsPage && w.IgnoresAntiforgery).Select(w => w.Pattern.Trim('/')).Distinct().Order());
        foreach (var route in writes.Where(w => w.IsPage && (!w.IgnoresAntiforgery || w.Pattern.Trim('/') == "culture")))
        {
            var url = route.Url(await RouteValuesAsync(route));
            var fields = route.Fields.Where(f => !typeof(Microsoft.AspNetCore.Http.IFormFile).IsAssignableFrom(f.Type))
                .Select(f => new KeyValuePair<string, string>(f.Name, "1"));
            var (who, _) = Who(route, clients);
            var statuses = new List<HttpStatusCode>();
            foreach (var client in who)
            {
                var before = await Db.ScalarAsync<long>(RowCountSql);
                var response = await client.PostAsync(url, new FormUrlEncodedContent(fields), Cancel);
                statuses.Add(response.StatusCode);
                if (await Db.ScalarAsync<long>(RowCountSql) != before)
                    failures.Add($"{route}: a post without a token wrote rows");
            }

            if (!statuses.Contains(HttpStatusCode.BadRequest) || statuses.Any(s => (int)s is >= 200 and < 300 or >= 500))
                failures.Add($"{route} ({url}): {string.Join("/", statuses.Select(s => (int)s))}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Api_writes_without_an_api_key_or_with_a_read_only_key_are_refused()
    {
        string readOnly;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            readOnly = (await scope.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync("read only", ["contracts:read", "metering:read", "billing:read", "notifications:read"], "test", Cancel)).Key;
        var failures = new List<string>();
        foreach (var route in (await WritesAsync()).Where(w => !w.IsPage && !w.AllowsAnonymous))
        {
            var url = route.Url(_ => "1");
            foreach (var key in new[] { null, "not-a-key", readOnly })
            {
                var client = host.Factory.CreateClient();
                if (key is not null)
                    client.DefaultRequestHeaders.Add("X-Api-Key", key);
                var before = await Db.ScalarAsync<long>(RowCountSql);
                var response = await client.PostAsync(url, new StringContent("{}", Encoding.UTF8, "application/json"), Cancel);
                if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
                    failures.Add($"{route} with key {key ?? "none"}: {(int)response.StatusCode}");
                if (await Db.ScalarAsync<long>(RowCountSql) != before)
                    failures.Add($"{route} with key {key ?? "none"}: rows written");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Hostile_values_in_every_form_never_give_a_500_and_are_never_echoed_unencoded()
    {
        var clients = await ClientsAsync();
        var failures = new List<string>();
        foreach (var route in (await WritesAsync()).Where(w => w.IsPage))
        {
            var url = route.Url(await RouteValuesAsync(route));
            var (who, tokenPage) = Who(route, clients);
            var client = who[0];
            var token = await TokenAsync(client, tokenPage);
            foreach (var (name, content) in Bodies(route, token))
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                request.Headers.Add("RequestVerificationToken", token);
                var response = await client.SendAsync(request, Cancel);
                var body = await response.Content.ReadAsStringAsync(Cancel);
                if ((int)response.StatusCode >= 500)
                    failures.Add($"{route} {name}: {(int)response.StatusCode}");
                if (body.Contains(Script, StringComparison.OrdinalIgnoreCase))
                    failures.Add($"{route} {name}: the script tag came back unencoded");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The main forms: readings, payments and registries, contracts, notices, tariffs. Every hostile body is refused whole: not one row of the module changes.</summary>
    [Theory]
    [InlineData("cabinet/accounts/{accountId:long}/meters/{meterId:long}/reading", "metering")]
    [InlineData("kiosk/session/accounts/{accountId:long}/meters/{meterId:long}/reading", "metering")]
    [InlineData("office/metering/round", "metering")]
    [InlineData("office/billing/payments", "billing")]
    [InlineData("office/billing/registries", "billing")]
    [InlineData("cabinet/payments/pay", "billing")]
    [InlineData("office/contracts/new", "contracts")]
    [InlineData("office/notifications/new", "notifications")]
    [InlineData("office/billing/tariffs/new", "billing")]
    public async Task Hostile_values_in_a_main_form_write_nothing_at_all(string pattern, string schema)
    {
        var clients = await ClientsAsync();
        var routes = (await WritesAsync()).Where(w => w.IsPage && w.Pattern.Trim('/') == pattern).ToList();
        Assert.NotEmpty(routes);
        var count = RowCountSql.Replace("in ('contracts', 'metering', 'billing', 'repair_fund', 'notifications')", $"= '{schema}'", StringComparison.Ordinal);
        var failures = new List<string>();
        foreach (var route in routes)
        {
            var url = route.Url(await RouteValuesAsync(route));
            var (who, tokenPage) = Who(route, clients);
            var token = await TokenAsync(who[0], tokenPage);
            foreach (var (name, content) in Bodies(route, token))
            {
                var before = await Db.ScalarAsync<long>(count);
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                request.Headers.Add("RequestVerificationToken", token);
                var response = await who[0].SendAsync(request, Cancel);
                var after = await Db.ScalarAsync<long>(count);
                if ((int)response.StatusCode >= 500 || after != before)
                    failures.Add($"{route} {name}: {(int)response.StatusCode}, rows of {schema} {before} → {after}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Hostile_query_values_on_every_page_never_give_a_500_and_are_never_echoed_unencoded()
    {
        var clients = await ClientsAsync();
        var failures = new List<string>();
        var pages = (await RouteCatalog.HandlersAsync(host.Factory.Services)).Where(h => h.IsPage && h.Method == "GET").ToList();
        Assert.True(pages.Count > 30, string.Join(", ", pages));
        foreach (var route in pages.Where(p => !p.Pattern.Contains("sign-out", StringComparison.Ordinal) && p.Pattern.Trim('/') != "kiosk"))
        {
            var url = route.Url(await RouteValuesAsync(route));
            var (who, _) = Who(route, clients);
            foreach (var text in new[] { Script, "'; drop table x;--", "99999999999999999999999999", "-1", "a\0b", new string('я', 4000) })
            {
                var names = route.Fields.Select(f => f.Name).Append("returnUrl").Append("q").Distinct();
                var query = string.Join("&", names.Select(n => $"{Uri.EscapeDataString(n)}={Uri.EscapeDataString(text)}"));
                var target = url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
                var response = await who[0].GetAsync(target, Cancel);
                var body = await response.Content.ReadAsStringAsync(Cancel);
                if ((int)response.StatusCode >= 500)
                    failures.Add($"{route} '{Shorten(text)}': {(int)response.StatusCode}");
                if (body.Contains(Script, StringComparison.OrdinalIgnoreCase))
                    failures.Add($"{route}: the script tag came back unencoded");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_nul_character_in_a_search_is_refused_with_400_not_a_database_error()
    {
        var admin = await Sessions.StaffAsync(host.Factory, "admin");
        foreach (var url in new[] { "/office/contracts?q=a%00b", "/office/billing/payments?q=%00", "/office/metering?q=x%00" })
        {
            var response = await admin.GetAsync(url, Cancel);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("<html", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal); // the friendly error page
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/office/contracts?q=Д-2024", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Hostile_bodies_to_the_api_writes_never_give_a_500()
    {
        string key;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            key = (await scope.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync("hostile", ["metering:write", "billing:write", "notifications:write", "contracts:write"], "test", Cancel)).Key;
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var failures = new List<string>();
        foreach (var route in (await WritesAsync()).Where(w => !w.IsPage))
        {
            var url = route.Url(_ => "1");
            foreach (var (name, content) in ApiBodies())
            {
                var response = await client.PostAsync(url, content, Cancel);
                var body = await response.Content.ReadAsStringAsync(Cancel);
                if ((int)response.StatusCode >= 500)
                    failures.Add($"{route} {name}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
                if (body.Contains(Script, StringComparison.OrdinalIgnoreCase))
                    failures.Add($"{route} {name}: the script tag came back unencoded");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers_and_no_server_banner()
    {
        var plain = host.Factory.CreateClient();
        foreach (var path in new[] { "/", "/sign-in", "/office/sign-in", "/kiosk", "/health", "/odata/$metadata", "/css/site.css", "/no-such-page" })
        {
            var response = await plain.GetAsync(path, Cancel);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.True(response.Headers.Contains("Referrer-Policy"), path);
            Assert.True(response.Headers.Contains("Permissions-Policy"), path);
            Assert.False(response.Headers.Contains("Server"), path);
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), "no HSTS over plain HTTP");
        }

        var https = host.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://utilities.example/") });
        var secure = await https.GetAsync("/sign-in", Cancel);
        Assert.Contains("max-age=31536000", secure.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    /// <summary>The bodies posted to a form: every field set to one hostile text at a time, broken UTF-8, JSON and plain text where a form is expected, a hostile file.</summary>
    private static IEnumerable<(string Name, HttpContent Content)> Bodies(RouteHandler route, string token)
    {
        var names = route.Fields.Where(f => !typeof(Microsoft.AspNetCore.Http.IFormFile).IsAssignableFrom(f.Type)).Select(f => f.Name).DefaultIfEmpty("x").ToList();
        foreach (var text in HostileTexts)
        {
            var fields = names.Select(n => new KeyValuePair<string, string>(n, text)).Append(new("__RequestVerificationToken", token));
            yield return ($"'{Shorten(text)}'", new FormUrlEncodedContent(fields));
        }

        var raw = new List<byte>();
        foreach (var n in names)
        {
            raw.AddRange(Encoding.ASCII.GetBytes(Uri.EscapeDataString(n) + "="));
            raw.AddRange([0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80]);
            raw.AddRange(Encoding.ASCII.GetBytes("%FF%C0%AF%00&"));
        }

        raw.AddRange(Encoding.ASCII.GetBytes("__RequestVerificationToken=" + Uri.EscapeDataString(token)));
        var broken = new ByteArrayContent(raw.ToArray());
        broken.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        yield return ("broken UTF-8", broken);
        yield return ("JSON", new StringContent("{\"a\":" + Script + "}", Encoding.UTF8, "application/json"));
        yield return ("text", new StringContent(Script, Encoding.UTF8, "text/plain"));

        var multipart = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        foreach (var field in route.Fields)
        {
            if (typeof(Microsoft.AspNetCore.Http.IFormFile).IsAssignableFrom(field.Type) || typeof(Microsoft.AspNetCore.Http.IFormFileCollection).IsAssignableFrom(field.Type))
                multipart.Add(new ByteArrayContent([0xFF, 0xFE, 0x00, .. Encoding.UTF8.GetBytes(Script + "\0;'--\n1e400;-1")]), field.Name, "hostile.csv");
            else
                multipart.Add(new StringContent(Script), field.Name);
        }

        yield return ("multipart", multipart);
    }

    private static IEnumerable<(string Name, HttpContent Content)> ApiBodies()
    {
        foreach (var text in HostileTexts)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(text);
            yield return ($"JSON '{Shorten(text)}'", new StringContent($"{{\"title\":{json},\"reason\":{json},\"kind\":{json},\"buildingIds\":[{json}],\"startsAt\":{json},\"utility\":{json},\"id\":1e400}}", Encoding.UTF8, "application/json"));
            yield return ($"CSV '{Shorten(text)}'", new StringContent($"meter,taken_at,value\n{text},{text},{text}\n", Encoding.UTF8, "text/csv"));
        }

        yield return ("JSON number overflow", new StringContent("{\"amount\":1e400,\"id\":99999999999999999999999999,\"buildingIds\":[-1]}", Encoding.UTF8, "application/json"));
        yield return ("broken JSON", new StringContent("{\"title\": \"", Encoding.UTF8, "application/json"));
        var bytes = new ByteArrayContent([0xC3, 0x28, 0xFF, 0xFE, 0x00, 0xED, 0xA0, 0x80]);
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        yield return ("broken UTF-8 JSON", bytes);
        var csv = new ByteArrayContent([0xC3, 0x28, 0xFF, 0xFE, 0x00, 0x0A, 0xED, 0xA0, 0x80]);
        csv.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        yield return ("broken UTF-8 CSV", csv);
        yield return ("XML", new StringContent("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", Encoding.UTF8, "application/xml"));
        yield return ("form", new FormUrlEncodedContent([new("title", Script)]));
        yield return ("no content type", new ByteArrayContent(Encoding.UTF8.GetBytes(Script)));
    }

    private static string Shorten(string text) => text.Length > 20 ? text[..10] + $"…({text.Length})" : text.Replace("\0", "\\0", StringComparison.Ordinal);

    /// <summary>Rows of every table of the business schemas and the platform (one number, read in one round trip).</summary>
    private const string RowCountSql = """
        select coalesce(sum((xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I.%I', table_schema, table_name), false, true, '')))[1]::text::bigint), 0)::bigint
        from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema in ('contracts', 'metering', 'billing', 'repair_fund', 'notifications')
        """;
}
