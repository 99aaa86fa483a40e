using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.RegularExpressions;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// Card payments at the kiosk (issue 7, "Payment channels"): the amount due prefilled, the stand-in
/// card terminal approving, declining or not answering; the receipt on screen; a second tap of the
/// same form charges once; only the masked card number is kept; bad input stores nothing.
/// </summary>
public sealed partial class KioskPaymentTests(PaymentHostFixture host) : IClassFixture<PaymentHostFixture>
{
    private const string Contract = "Д-2024/0002";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<HttpClient> KioskSessionAsync()
    {
        await host.ReadyAsync(Cancel);
        var admin = host.Factory.CreateBrowser();
        await admin.SignInAsync("admin", "admin-demo");
        var page = await admin.PostFormAsync("/office/kiosks", "/office/kiosks?handler=Register", new Dictionary<string, string> { ["Name"] = "Оплата " + Guid.NewGuid().ToString("N")[..8] });
        var link = PairingLink().Match(await page.Content.ReadAsStringAsync(Cancel));
        Assert.True(link.Success, "the pairing link is shown");
        var terminal = host.Factory.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await terminal.GetAsync(new Uri(WebUtility.HtmlDecode(link.Groups[1].Value)).PathAndQuery, Cancel)).StatusCode);

        // An account number and the kiosk PIN set in the cabinet (an SMS code is sent at most once a minute).
        var cabinet = host.Factory.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await cabinet.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = Contract, ["Password"] = "cabinet-demo" })).StatusCode);
        await cabinet.PostFormAsync("/cabinet/profile", "/cabinet/profile?handler=Pin", new Dictionary<string, string> { ["Pin"] = "4826" });
        var account = await Db.ScalarAsync<string>("""
            select a.number from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            where c.number = @c and a.closed_on is null order by a.id limit 1
            """, ("c", Contract));
        await terminal.PostFormAsync("/kiosk", "/kiosk?handler=Start", new Dictionary<string, string> { ["Login"] = account! });
        var signedIn = await terminal.PostFormAsync("/kiosk", "/kiosk?handler=Verify", new Dictionary<string, string> { ["Login"] = account!, ["Code"] = "4826" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return terminal;
    }

    private async Task<long> PremisesAsync(string contract) =>
        await Db.ScalarAsync<long>("""
            select a.premises_id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            where c.number = @c order by a.id limit 1
            """, ("c", contract));

    private async Task<decimal> BalanceAsync(long premises) =>
        await Db.ScalarAsync<decimal?>("select sum(balance) from billing.account_balances where premises_id = @p", ("p", premises)) ?? 0m;

    private async Task<long> CountAsync(string table) => await Db.ScalarAsync<long>($"select count(*) from {table}");

    private Task AssertLedgerInvariantAsync() => LedgerInvariant.AssertHoldsAsync(Db);

    private static async Task<(string Html, string Attempt)> FormAsync(HttpClient terminal, long premises)
    {
        var html = await terminal.GetStringAsync($"/kiosk/session/payments/pay?premises={premises}");
        return (html, AttemptPattern().Match(html).Groups[1].Value);
    }

    private async Task<string> PayAsync(HttpClient terminal, long premises, string amount, string card, string? attempt = null, string target = "bill")
    {
        var url = $"/kiosk/session/payments/pay?premises={premises}";
        attempt ??= (await FormAsync(terminal, premises)).Attempt;
        var response = await terminal.PostFormAsync(url, url, new Dictionary<string, string> { ["Amount"] = amount, ["Target"] = target, ["Attempt"] = attempt, ["Card"] = card });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Cancel));
    }

    private Task<long> PaymentMarkAsync() => Db.ScalarAsync<long>("select coalesce(max(id), 0) from billing.payments");

    /// <summary>What the premises' bill payments after <paramref name="mark"/> gave the repair fund (issue 8: pro rata with the month's contribution).</summary>
    /// <summary>The open contributions a bill payment of the premises is shared with (the pay form offers them with the services' debt).</summary>
    private async Task<decimal> FundDueAsync(long premises)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var dues = await scope.ServiceProvider.GetRequiredService<Utilities.RepairFund.IRepairFundDues>().OpenDuesAsync([premises], Cancel);
        return dues.TryGetValue(premises, out var list) ? list.Sum(d => Math.Max(0, d.Open)) : 0m;
    }

    private Task<decimal> FundSharesAsync(long premises, long mark) => Db.ScalarAsync<decimal>(
        "select coalesce(sum(repair_fund_share), 0) from billing.payments where premises_id = @p and id > @m and target = 'bill'", ("p", premises), ("m", mark));

    [Fact]
    public async Task A_card_payment_at_the_kiosk_shows_the_receipt_and_lowers_the_balance_and_a_second_tap_charges_once()
    {
        var terminal = await KioskSessionAsync();
        var premises = await PremisesAsync(Contract);
        var before = await BalanceAsync(premises);
        var mark = await PaymentMarkAsync();
        Assert.Contains($"/kiosk/session/payments/pay?premises={premises}", await terminal.GetStringAsync("/kiosk/session", Cancel), StringComparison.Ordinal);

        var (form, attempt) = await FormAsync(terminal, premises);
        Assert.Contains($"value=\"{(before + await FundDueAsync(premises)).ToString("0.00", new System.Globalization.CultureInfo("ru-RU"))}\"", form, StringComparison.Ordinal);
        Assert.Contains("class=\"keypad\"", form, StringComparison.Ordinal);
        Assert.True((await terminal.GetAsync($"/kiosk/session/payments/pay?premises={premises}", Cancel)).Headers.CacheControl?.NoStore, "kiosk pages are not cached");

        var receipt = await PayAsync(terminal, premises, "120,30", "4111111111111111", attempt);
        Assert.Contains("Оплата прошла", receipt, StringComparison.Ordinal);
        Assert.Matches(@"П-\d{8}", receipt);
        Assert.Contains("411111******1111", receipt, StringComparison.Ordinal);
        Assert.Equal(before - 120.30m + await FundSharesAsync(premises, mark), await BalanceAsync(premises));

        var payments = await CountAsync("billing.payments");
        var again = await PayAsync(terminal, premises, "120,30", "4111111111111111", attempt); // the same form, tapped twice
        Assert.Contains("Оплата прошла", again, StringComparison.Ordinal);
        Assert.Equal(payments, await CountAsync("billing.payments"));
        Assert.Equal(before - 120.30m + await FundSharesAsync(premises, mark), await BalanceAsync(premises));

        Assert.Equal(1L, await Db.ScalarAsync<long>("""
            select count(*) from billing.card_transactions t join billing.payments p on p.id = t.payment_id
            where t.attempt_key = @a::uuid and t.state = 'approved' and p.channel = 'kiosk' and p.source = 'kiosk:' || t.terminal_id || ':' || t.id
              and t.masked_pan = '411111******1111' and t.rrn ~ '^[0-9]{12}$' and t.auth_code ~ '^[0-9]{6}$'
            """, ("a", attempt)));
        // The full card number is kept nowhere.
        Assert.Equal(0L, await Db.ScalarAsync<long>("select count(*) from billing.card_transactions t where row_to_json(t)::text like '%4111111111111111%'"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("select count(*) from billing.payments p where row_to_json(p)::text like '%4111111111111111%'"));
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task A_declined_card_and_a_terminal_that_does_not_answer_post_nothing()
    {
        var terminal = await KioskSessionAsync();
        var premises = await PremisesAsync(Contract);
        var before = await BalanceAsync(premises);
        var mark = await PaymentMarkAsync();
        var payments = await CountAsync("billing.payments");

        Assert.Contains("Оплата отклонена", await PayAsync(terminal, premises, "50", "4000000000000002"), StringComparison.Ordinal);
        Assert.Contains("Терминал не ответил", await PayAsync(terminal, premises, "50", "4000000000000119"), StringComparison.Ordinal);

        Assert.Equal(payments, await CountAsync("billing.payments"));
        Assert.Equal(before, await BalanceAsync(premises));
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from billing.card_transactions where state = 'declined' and masked_pan = '400000******0002' and payment_id is null"));
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from billing.card_transactions where state = 'timeout' and payment_id is null"));
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task A_payment_into_the_repair_fund_at_the_kiosk_leaves_the_bills_balance()
    {
        var terminal = await KioskSessionAsync();
        var premises = await PremisesAsync(Contract);
        var before = await BalanceAsync(premises);
        var mark = await PaymentMarkAsync();

        Assert.Contains("Оплата прошла", await PayAsync(terminal, premises, "200", "4111111111111111", target: "repair-fund"), StringComparison.Ordinal);
        Assert.Equal(before, await BalanceAsync(premises));
        Assert.Equal(200m, await Db.ScalarAsync<decimal>("select repair_fund_share from billing.payments where channel = 'kiosk' and target = 'repair-fund' order by id desc limit 1"));
        await AssertLedgerInvariantAsync();
    }

    [Theory]
    [InlineData("-50", "bill", "больше нуля")]
    [InlineData("", "bill", "Введите сумму")]
    [InlineData("1,2,3", "bill", "Сумма указана неверно")]
    [InlineData("0,005", "bill", "до копейки")]
    [InlineData("50", "nothing", "Выберите, что оплачиваете")]
    public async Task A_bad_amount_at_the_kiosk_gets_a_clear_message_and_nothing_is_charged_or_stored(string amount, string target, string message)
    {
        var terminal = await KioskSessionAsync();
        var premises = await PremisesAsync(Contract);
        var transactions = await CountAsync("billing.card_transactions");

        Assert.Contains(message, await PayAsync(terminal, premises, amount, "4111111111111111", target: target), StringComparison.Ordinal);
        Assert.Equal(transactions, await CountAsync("billing.card_transactions"));
    }

    [Fact]
    public async Task Another_consumers_premises_is_not_found_at_the_kiosk()
    {
        var terminal = await KioskSessionAsync();
        var others = await PremisesAsync("Д-2024/0001");
        Assert.Equal(HttpStatusCode.NotFound, (await terminal.GetAsync($"/kiosk/session/payments/pay?premises={others}", Cancel)).StatusCode);
        var own = await PremisesAsync(Contract);
        var posted = await terminal.PostFormAsync($"/kiosk/session/payments/pay?premises={own}", $"/kiosk/session/payments/pay?premises={others}",
            new Dictionary<string, string> { ["Amount"] = "10", ["Target"] = "bill", ["Attempt"] = Guid.NewGuid().ToString(), ["Card"] = "4111111111111111" });
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
    }

    [GeneratedRegex("data-pairing-link>([^<]+)<")]
    private static partial Regex PairingLink();

    [GeneratedRegex("name=\"Attempt\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex AttemptPattern();
}
