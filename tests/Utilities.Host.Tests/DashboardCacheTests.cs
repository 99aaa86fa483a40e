using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing.Data;
using Utilities.Billing.Payments;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>The host with the dashboard cache on, as in production (the other test hosts turn it off).</summary>
public sealed class DashboardCacheFixture : HostFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Cabinet:DashboardCacheSeconds"] = "300" };
}

/// <summary>
/// ADR 28: the cabinet's dashboard is kept per consumer for a while; what no module reports shows when it
/// expires, while the consumer's own writes, a payment to their premises, a contract terminated there and a
/// notice show at once. Another consumer never gets someone else's kept dashboard.
/// </summary>
public sealed partial class DashboardCacheTests(DashboardCacheFixture host) : IClassFixture<DashboardCacheFixture>
{
    private const string Ivanov = "ivanov.sp@example.ru";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = host.Factory.CreateBrowser();
        var response = await browser.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = email, ["Password"] = "cabinet-demo" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private async Task<(long PremisesId, string PayerCode, string Address)> PremisesAsync(string email)
    {
        const string Of = """
            from contracts.contracts c join contracts.consumers k on k.id = c.consumer_id
            join contracts.premises p on p.id = c.premises_id join contracts.buildings b on b.id = p.building_id
            where k.email = @e and c.terminated_on is null order by c.id limit 1
            """;
        var id = await Db.ScalarAsync<long>("select p.id " + Of, ("e", email));
        var code = await Db.ScalarAsync<string>("select p.payer_code " + Of, ("e", email));
        var address = await Db.ScalarAsync<string>("select b.address " + Of, ("e", email));
        return (id, code!, address!);
    }

    /// <summary>Σ of the balances the dashboard shows (each premises' line carries its invariant amount).</summary>
    private static decimal Balance(string html)
    {
        var balances = BalanceAttribute().Matches(html).Select(m => decimal.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(balances);
        return balances.Sum();
    }

    [Fact]
    public async Task An_unreported_change_waits_for_the_cache_but_the_consumers_own_write_shows_at_once()
    {
        var browser = await SignedInAsync(Ivanov);
        var (_, _, address) = await PremisesAsync(Ivanov);
        Assert.Contains(address, await browser.GetStringAsync("/cabinet", Cancel), StringComparison.Ordinal);

        // Renamed in the database behind the host's back: nothing tells the cache.
        var renamed = address + " (корп. Т)";
        await Db.ExecuteAsync($"update contracts.buildings set address = '{renamed.Replace("'", "''", StringComparison.Ordinal)}' where address = '{address.Replace("'", "''", StringComparison.Ordinal)}'");
        var kept = await browser.GetStringAsync("/cabinet", Cancel);
        Assert.DoesNotContain(renamed, kept, StringComparison.Ordinal);

        // The consumer's own POST (an attach attempt, refused: a wrong code) forgets their dashboard.
        await browser.PostFormAsync("/cabinet", "/cabinet?handler=Attach", new Dictionary<string, string> { ["Number"] = "000000000", ["Code"] = "WRONG" });
        Assert.Contains(renamed, await browser.GetStringAsync("/cabinet", Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_to_the_premises_shows_on_the_kept_dashboard_at_once()
    {
        const string email = "petrova.mi@example.ru";
        var browser = await SignedInAsync(email);
        var (_, payerCode, _) = await PremisesAsync(email);
        var before = Balance(await browser.GetStringAsync("/cabinet", Cancel));
        Assert.Equal(before, Balance(await browser.GetStringAsync("/cabinet", Cancel)));

        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<PaymentPosting>().PostAsync(
                new PaymentRequest("test:" + Guid.NewGuid(), PaymentChannels.Office, PaymentTargets.Bill, payerCode, 567.89m, DateOnly.FromDateTime(DateTime.Today), null, "test"),
                Cancel);
            Assert.True(outcome.Posted);
        }

        Assert.Equal(before - 567.89m, Balance(await browser.GetStringAsync("/cabinet", Cancel)));
    }

    [Fact]
    public async Task Each_consumer_gets_their_own_dashboard()
    {
        var ivanov = await SignedInAsync(Ivanov);
        var petrova = await SignedInAsync("petrova.mi@example.ru");
        var (_, ivanovCode, _) = await PremisesAsync(Ivanov);
        var (_, petrovaCode, _) = await PremisesAsync("petrova.mi@example.ru");

        Assert.Contains(ivanovCode, await ivanov.GetStringAsync("/cabinet", Cancel), StringComparison.Ordinal);
        var hers = await petrova.GetStringAsync("/cabinet", Cancel);
        Assert.Contains(petrovaCode, hers, StringComparison.Ordinal);
        Assert.DoesNotContain(ivanovCode, hers, StringComparison.Ordinal);
        Assert.DoesNotContain(petrovaCode, await ivanov.GetStringAsync("/cabinet", Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kept_page_is_served_only_to_its_own_session_and_its_forms_still_post()
    {
        // Two browser sessions of one consumer: each has its own antiforgery cookie, so each needs its own tokens.
        var first = await SignedInAsync(Ivanov);
        var second = await SignedInAsync(Ivanov);
        var (_, _, address) = await PremisesAsync(Ivanov);
        var rendered = await first.GetStringAsync("/cabinet", Cancel);
        var kept = await first.GetAsync("/cabinet", Cancel);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Equal(rendered, await kept.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("no-store", kept.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        Assert.True(kept.Headers.Contains("Content-Security-Policy"));

        // The other session gets the same dashboard with tokens of its own: its page is not the first session's.
        var others = await second.GetStringAsync("/cabinet", Cancel);
        Assert.Contains(address, others, StringComparison.Ordinal);
        Assert.NotEqual(Token(rendered), Token(others));

        // A form of the kept page posts (a refused attach answers 200 with its message; a bad token would be 400), in
        // both sessions, and the first session's token is refused in the second.
        foreach (var browser in new[] { first, second })
        {
            var answer = await browser.PostFormAsync("/cabinet", "/cabinet?handler=Attach", new Dictionary<string, string> { ["Number"] = "000000000", ["Code"] = "WRONG" });
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var foreign = await second.PostAsync("/cabinet?handler=Attach", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["Number"] = "000000000", ["Code"] = "WRONG", ["__RequestVerificationToken"] = Token(rendered) }), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }

    [Fact]
    public async Task A_kept_page_is_per_language()
    {
        var browser = await SignedInAsync(Ivanov);
        Assert.Contains("lang=\"ru\"", await browser.GetStringAsync("/cabinet", Cancel), StringComparison.Ordinal);
        Assert.Contains("lang=\"ru\"", await browser.GetStringAsync("/cabinet", Cancel), StringComparison.Ordinal);
        var switched = await browser.PostFormAsync("/cabinet", "/culture", new Dictionary<string, string> { ["ui"] = "en", ["returnUrl"] = "/cabinet" });
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Contains("lang=\"en\"", await browser.GetStringAsync("/cabinet", Cancel), StringComparison.Ordinal);
        Assert.Contains("lang=\"en\"", await browser.GetStringAsync("/cabinet", Cancel), StringComparison.Ordinal);
    }

    private static string Token(string html) => TokenField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no antiforgery token on the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("""<p class="balance" data-balance="(?<b>[-0-9.]+)">""")]
    private static partial Regex BalanceAttribute();
}
