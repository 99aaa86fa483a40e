using System.Globalization;
using System.Net;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// Cross-account access (issue 12, ADR 25): consumer A, in the cabinet and in a kiosk session, asks
/// every route the host maps there that takes an id (found in the endpoint data source: route values
/// and id-like query or form fields) with consumer B's accounts, meters, bills, PDFs, payment orders,
/// premises and offers, and gets 404 each time, never 403 or 200. A new route with an id parameter that
/// this test cannot fill fails it.
/// </summary>
public sealed class CrossAccountTests(BilledHostFixture host) : IClassFixture<BilledHostFixture>
{
    private const string A = "Д-2024/0001";
    private const string B = "Д-2024/0002";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private static string Accounts(string contract) =>
        $"(select a.id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id where c.number = '{contract}')";

    private async Task<string> ValueAsync(string sql) =>
        Convert.ToString(await Db.ScalarAsync<object>(sql), CultureInfo.InvariantCulture) ?? throw new InvalidOperationException("no value for " + sql);

    /// <summary>B's ids by the parameter names the cabinet and kiosk routes use.</summary>
    private async Task<Dictionary<string, string>> IdsOfAsync(string contract, HttpClient consumer)
    {
        var meter = await ValueAsync($"select min(id) from metering.meters where account_id in {Accounts(contract)}");
        var account = await ValueAsync($"select account_id from metering.meters where id = {meter}");
        var premises = await ValueAsync($"select premises_id from contracts.personal_accounts where id = {account}");
        var bill = await ValueAsync($"select min(id) from billing.bills where premises_id = {premises}");

        // A payment order of B's: B starts paying in the cabinet (the stand-in acquirer takes the order).
        var pay = $"/cabinet/payments/pay?premises={premises}";
        var started = await consumer.PostFormAsync(pay, pay, new Dictionary<string, string> { ["Amount"] = "100,00", ["Target"] = "bill" });
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var order = await ValueAsync($"select id from billing.payment_orders where consumer_id = (select consumer_id from contracts.contracts where number = '{contract}') order by created_at desc limit 1");

        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = account, ["accountId"] = account, ["meterId"] = meter, ["billId"] = bill, ["premises"] = premises, ["orderId"] = order,
            ["offerId"] = await ValueAsync($"select coalesce(min(id), 999999) from billing.instalment_offers where account_id in {Accounts(contract)}"),
            ["attachment"] = await ValueAsync($"select coalesce(min(id), 999999) from contracts.cabinet_attachments where account_id in {Accounts(contract)}"),
        };
    }

    /// <summary>Fields that name nothing of another consumer's (amounts, choices, codes): filled with a harmless value.</summary>
    private static readonly HashSet<string> NotIds = new(StringComparer.OrdinalIgnoreCase)
    {
        "Amount", "Target", "months", "Card", "Late", "Twice", "Code", "Pin", "Email", "Phone", "Login", "Password", "Repeat", "TakenOn", "target", "Values", "Value",
    };

    private static bool LooksLikeId(string name) =>
        name.EndsWith("id", StringComparison.OrdinalIgnoreCase) || name.EndsWith("Id]", StringComparison.Ordinal) || name is "premises" or "attachment" or "account" or "meter" or "bill";

    [Fact]
    public async Task Every_cabinet_and_kiosk_route_with_another_consumers_ids_answers_404()
    {
        var consumerB = await Sessions.ConsumerAsync(host.Factory, B);
        var b = await IdsOfAsync(B, consumerB);
        var consumerA = await Sessions.ConsumerAsync(host.Factory, A);
        var kioskA = await Sessions.KioskSessionAsync(host.Factory, Db, A);
        var ownMeterOfA = await ValueAsync($"select min(id) from metering.meters where account_id in {Accounts(A)}");
        var ownAccountOfA = await ValueAsync($"select account_id from metering.meters where id = {ownMeterOfA}");

        var routes = (await RouteCatalog.HandlersAsync(host.Factory.Services))
            .Where(r => r.IsPage && (r.Pattern.StartsWith("cabinet", StringComparison.Ordinal) || r.Pattern.StartsWith("kiosk/session", StringComparison.Ordinal)))
            .ToList();
        var failures = new List<string>();
        var covered = new List<string>();
        foreach (var route in routes)
        {
            var client = route.Pattern.StartsWith("kiosk", StringComparison.Ordinal) ? kioskA : consumerA;
            var parameters = route.RouteParameters.Where(p => p != "handler").ToList();
            var idFields = route.Fields.Where(f => !NotIds.Contains(f.Name) && LooksLikeId(f.Name)).ToList();
            foreach (var unknown in parameters.Concat(idFields.Select(f => f.Name)).Where(n => !b.ContainsKey(n)))
                failures.Add($"{route}: parameter '{unknown}' has no value of B's in this test; add it");
            if (parameters.Count + idFields.Count == 0)
                continue; // the consumer's own lists: nothing to ask for by id

            var attempts = new List<string> { route.Url(name => b.GetValueOrDefault(name) ?? "1") };
            // A's own account with B's meter: the pair must belong together.
            if (parameters.Contains("accountId") && parameters.Contains("meterId"))
                attempts.Add(route.Url(name => name == "accountId" ? ownAccountOfA : b.GetValueOrDefault(name) ?? "1"));
            foreach (var url in attempts)
            {
                HttpResponseMessage response;
                var query = string.Join("&", idFields.Where(f => route.Method == "GET" || f.FromQuery).Select(f => $"{Uri.EscapeDataString(f.Name)}={b.GetValueOrDefault(f.Name)}"));
                var target = query.Length == 0 ? url : url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
                if (route.Method == "GET")
                {
                    response = await client.GetAsync(target, Cancel);
                }
                else
                {
                    var fields = route.Fields.Where(f => !f.FromQuery && !typeof(Microsoft.AspNetCore.Http.IFormFile).IsAssignableFrom(f.Type))
                        .ToDictionary(f => f.Name, f => b.GetValueOrDefault(f.Name) ?? "1");
                    var tokenPage = route.Pattern.StartsWith("kiosk", StringComparison.Ordinal) ? "/kiosk/session" : "/cabinet";
                    response = await client.PostFormAsync(tokenPage, target, fields);
                }

                covered.Add($"{route.Method} {target}");
                if (response.StatusCode != HttpStatusCode.NotFound)
                    failures.Add($"{route.Method} {target}: {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n(covered: " + string.Join(", ", covered) + ")");
        // The ones the issue names, so a broken discovery cannot pass by covering nothing.
        Assert.Contains(covered, c => c.StartsWith("GET /cabinet/accounts/", StringComparison.Ordinal));
        Assert.Contains(covered, c => c.StartsWith("GET /cabinet/bills/", StringComparison.Ordinal) && c.EndsWith("/pdf", StringComparison.Ordinal));
        Assert.Contains(covered, c => c.StartsWith("POST /cabinet/accounts/", StringComparison.Ordinal) && c.Contains("/reading", StringComparison.Ordinal));
        Assert.Contains(covered, c => c.StartsWith("GET /cabinet/payments/return/", StringComparison.Ordinal));
        Assert.Contains(covered, c => c.StartsWith("GET /kiosk/session/accounts/", StringComparison.Ordinal));
        Assert.Contains(covered, c => c.StartsWith("POST /cabinet/payments/pay", StringComparison.Ordinal));
        Assert.True(covered.Count >= 15, string.Join(", ", covered));
    }
}
