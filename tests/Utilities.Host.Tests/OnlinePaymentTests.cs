using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing;
using Utilities.Billing.Payments.Online.StandIn;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>The host with the stand-in acquirer and card terminal on, November billed, the stand-in's callbacks delivered through the test server.</summary>
public sealed class PaymentHostFixture : HostFixture
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _ready;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Billing:StandInProvider:Enabled"] = "true",
        ["Billing:StandInProvider:LateSeconds"] = "1",
    };

    public async Task ReadyAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
                return;
            Factory.Services.GetRequiredService<StandInCallbackSender>().Transport = Factory.CreateClient();
            await using var scope = Factory.Services.CreateAsyncScope();
            var run = await scope.ServiceProvider.GetRequiredService<IBillingRuns>().RunAsync(new DateOnly(2026, 11, 1), "test", null, cancellationToken);
            Assert.Null(run.Error);
            _ready = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        _gate.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>
/// Online payments in the cabinet (issue 7, "Payment channels"): the pay form with the amount due,
/// the redirect to the stand-in acquirer, its signed callback (at once, late, twice, declined,
/// forged), the return page, the balance; bad input stores nothing. After every scenario the
/// ledger's sum per account equals the account's balance.
/// </summary>
public sealed partial class OnlinePaymentTests(PaymentHostFixture host) : IClassFixture<PaymentHostFixture>
{
    private const string Contract = "Д-2024/0001";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<HttpClient> SignedInAsync(string login = "ivanov.sp@example.ru")
    {
        await host.ReadyAsync(Cancel);
        var browser = host.Factory.CreateBrowser();
        var response = await browser.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = login, ["Password"] = "cabinet-demo" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private async Task<long> PremisesAsync(string contract) =>
        await Db.ScalarAsync<long>("""
            select a.premises_id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            where c.number = @c order by a.id limit 1
            """, ("c", contract));

    private async Task<long> PremisesOfAsync(string email) =>
        await Db.ScalarAsync<long>("""
            select a.premises_id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            join contracts.consumers p on p.id = c.consumer_id where p.email = @e order by a.id limit 1
            """, ("e", email));

    private async Task<decimal> BalanceAsync(long premises) =>
        await Db.ScalarAsync<decimal?>("select sum(balance) from billing.account_balances where premises_id = @p", ("p", premises)) ?? 0m;

    private Task AssertLedgerInvariantAsync() => LedgerInvariant.AssertHoldsAsync(Db);

    private static decimal ShownBalance(string html) =>
        decimal.Parse(BalancePattern().Match(html).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>Posts the pay form; answers the stand-in acquirer's page path it redirects to.</summary>
    private static async Task<string> StartAsync(HttpClient browser, long premises, string amount, string target = "bill")
    {
        var url = $"/cabinet/payments/pay?premises={premises}";
        var response = await browser.PostFormAsync(url, url, new Dictionary<string, string> { ["Amount"] = amount, ["Target"] = target });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith("/stand-in/acquirer/", location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString, StringComparison.Ordinal);
        return location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString;
    }

    /// <summary>Pays on the stand-in's page; answers the return page's path it sends the browser back to.</summary>
    private static async Task<string> PayAtAcquirerAsync(HttpClient browser, string acquirer, string card = "4111 1111 1111 1111", string handler = "Pay", bool late = false, bool twice = false)
    {
        var fields = new Dictionary<string, string> { ["Card"] = card };
        if (late)
            fields["Late"] = "true";
        if (twice)
            fields["Twice"] = "true";
        var response = await browser.PostFormAsync(acquirer, $"{acquirer}?handler={handler}", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var back = response.Headers.Location!;
        Assert.Contains("/cabinet/payments/return/", back.ToString(), StringComparison.Ordinal);
        return back.IsAbsoluteUri ? back.AbsolutePath : back.OriginalString;
    }

    private static string OrderId(string returnPath) => returnPath[(returnPath.LastIndexOf('/') + 1)..];

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
    public async Task A_consumer_pays_part_of_what_is_due_through_the_stand_in_acquirer_and_the_balance_falls_by_the_amount()
    {
        var browser = await SignedInAsync();
        var premises = await PremisesAsync(Contract);
        var before = await BalanceAsync(premises);
        var mark = await PaymentMarkAsync();
        Assert.True(before > 10m, $"November's bill leaves something due ({before})");

        var form = await browser.GetStringAsync($"/cabinet/payments/pay?premises={premises}", Cancel);
        Assert.Contains($"value=\"{(before + await FundDueAsync(premises)).ToString("0.00", new CultureInfo("ru-RU"))}\"", form, StringComparison.Ordinal); // the amount due, prefilled
        Assert.Equal(before, ShownBalance(form));
        Assert.Contains($"/cabinet/payments/pay?premises={premises}", await browser.GetStringAsync("/cabinet/bills", Cancel), StringComparison.Ordinal);

        var acquirer = await StartAsync(browser, premises, "10,50");
        Assert.Contains("10,50", await browser.GetStringAsync(acquirer, Cancel), StringComparison.Ordinal);
        var back = await PayAtAcquirerAsync(browser, acquirer);

        var result = await browser.GetStringAsync(back, Cancel);
        Assert.Contains("Оплата прошла", result, StringComparison.Ordinal);
        Assert.Matches(@"Квитанция № П-\d{8}", result);
        Assert.Equal(before - 10.50m + await FundSharesAsync(premises, mark), ShownBalance(result));
        Assert.Equal(before - 10.50m + await FundSharesAsync(premises, mark), await BalanceAsync(premises));
        Assert.Equal("paid", await Db.ScalarAsync<string>("select state from billing.payment_orders where id = @id::uuid", ("id", OrderId(back))));
        Assert.Equal(1L, await Db.ScalarAsync<long>("""
            select count(*) from billing.payments p join billing.payment_orders o on o.payment_id = p.id
            where o.id = @id::uuid and p.source = 'online:' || o.provider_payment_id and p.channel = 'online' and p.amount = 10.50
            """, ("id", OrderId(back))));
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task An_advance_beyond_what_is_due_and_a_payment_into_the_repair_fund_are_accepted()
    {
        // Another consumer: the advance would leave nothing due for the other scenarios.
        var browser = await SignedInAsync("sidorov.an@example.ru");
        var premises = await PremisesOfAsync("sidorov.an@example.ru");
        var before = await BalanceAsync(premises);
        var mark = await PaymentMarkAsync();

        // What the premises owes the repair fund is paid with the bill (pro rata), so the advance is what goes beyond both.
        var fundDue = await Db.ScalarAsync<decimal>("""
            select coalesce(sum(o), 0) from (select sum(amount) as o from repair_fund.entries
            where premises_id = @p and for_period is not null and kind <> 4
              and building_id in (select building_id from repair_fund.funds where account_kind <> 'special')
            group by for_period having sum(amount) > 0) x
            """, ("p", premises));
        var back = await PayAtAcquirerAsync(browser, await StartAsync(browser, premises, (before + fundDue + 500m).ToString("0.00", CultureInfo.InvariantCulture)));
        Assert.Equal(fundDue, await FundSharesAsync(premises, mark));
        Assert.Equal(-500m, ShownBalance(await browser.GetStringAsync(back, Cancel)));
        Assert.Contains("Аванс", await browser.GetStringAsync(back, Cancel), StringComparison.Ordinal);

        var fund = await PayAtAcquirerAsync(browser, await StartAsync(browser, premises, "300", "repair-fund"));
        Assert.Contains("Оплата прошла", await browser.GetStringAsync(fund, Cancel), StringComparison.Ordinal);
        Assert.Equal("repair-fund", await Db.ScalarAsync<string>("""
            select p.target from billing.payments p join billing.payment_orders o on o.payment_id = p.id where o.id = @id::uuid
            """, ("id", OrderId(fund))));
        Assert.Equal(300m, await Db.ScalarAsync<decimal>("select p.repair_fund_share from billing.payments p join billing.payment_orders o on o.payment_id = p.id where o.id = @id::uuid", ("id", OrderId(fund))));
        Assert.Equal(-500m, await BalanceAsync(premises));
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task A_duplicated_callback_posts_one_payment_even_when_both_copies_race_and_a_replay_later_changes_nothing()
    {
        var browser = await SignedInAsync();
        var premises = await PremisesAsync(Contract);
        var before = await BalanceAsync(premises);
        var mark = await PaymentMarkAsync();
        var payments = await Db.ScalarAsync<long>("select count(*) from billing.payments");

        var acquirer = await StartAsync(browser, premises, "25");
        var back = await PayAtAcquirerAsync(browser, acquirer, twice: true);
        Assert.Contains("Оплата прошла", await browser.GetStringAsync(back, Cancel), StringComparison.Ordinal);
        Assert.Equal(payments + 1, await Db.ScalarAsync<long>("select count(*) from billing.payments"));

        // The acquirer repeats its notice a day later: answered 200, nothing changes.
        var acquirerService = host.Factory.Services.GetRequiredService<StandInAcquirer>();
        var payment = acquirerService.Find(acquirer[(acquirer.LastIndexOf('/') + 1)..])!;
        var body = acquirerService.Notice(payment, true, null);
        var replay = await PostCallbackAsync(body, acquirerService.Sign(body));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(payments + 1, await Db.ScalarAsync<long>("select count(*) from billing.payments"));
        Assert.Equal(before - 25m + await FundSharesAsync(premises, mark), await BalanceAsync(premises));
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task A_late_callback_leaves_the_return_page_processing_and_polling_until_it_arrives()
    {
        var browser = await SignedInAsync();
        var premises = await PremisesAsync(Contract);
        var before = await BalanceAsync(premises);
        var mark = await PaymentMarkAsync();

        var back = await PayAtAcquirerAsync(browser, await StartAsync(browser, premises, "40"), late: true, twice: true);
        var waiting = await browser.GetStringAsync(back, Cancel);
        Assert.Contains("обрабатывается", waiting, StringComparison.Ordinal);
        Assert.Contains("hx-trigger=\"every 2s\"", waiting, StringComparison.Ordinal);
        Assert.Equal(before, ShownBalance(waiting));

        await host.Factory.Services.GetRequiredService<StandInCallbackSender>().IdleAsync().WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        using var poll = new HttpRequestMessage(HttpMethod.Get, back);
        poll.Headers.Add("HX-Request", "true");
        var fragment = await (await browser.SendAsync(poll, Cancel)).Content.ReadAsStringAsync(Cancel);
        Assert.DoesNotContain("<html", fragment, StringComparison.Ordinal);
        Assert.Contains("Оплата прошла", fragment, StringComparison.Ordinal);
        Assert.DoesNotContain("hx-trigger", fragment, StringComparison.Ordinal);
        Assert.Equal(before - 40m + await FundSharesAsync(premises, mark), ShownBalance(fragment));
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from billing.payments p join billing.payment_orders o on o.payment_id = p.id where o.id = @id::uuid", ("id", OrderId(back))));
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task A_callback_that_comes_before_the_order_knows_its_provider_payment_still_posts_it_and_an_unanswered_order_stops_polling()
    {
        var browser = await SignedInAsync();
        var premises = await PremisesAsync(Contract);
        var before = await BalanceAsync(premises);
        var mark = await PaymentMarkAsync();
        var acquirer = await StartAsync(browser, premises, "35");
        var service = host.Factory.Services.GetRequiredService<StandInAcquirer>();
        var payment = service.Find(acquirer[(acquirer.LastIndexOf('/') + 1)..])!;

        // As if the acquirer's answer to the order's creation had not been stored yet when its callback came.
        await Db.ExecuteAsync($"update billing.payment_orders set provider_payment_id = null where provider_payment_id = '{payment.Id}'");
        var body = service.Notice(payment, true, null);
        Assert.Equal(HttpStatusCode.OK, (await PostCallbackAsync(body, service.Sign(body))).StatusCode);
        Assert.Equal("paid", await Db.ScalarAsync<string>("select state from billing.payment_orders where provider_payment_id = @p", ("p", payment.Id)));
        Assert.Equal(before - 35m + await FundSharesAsync(premises, mark), await BalanceAsync(premises));

        // An order the bank never answered: after Billing.OnlineOrderWaitMinutes (20) the page says so and stops asking.
        var unanswered = await StartAsync(browser, premises, "12");
        var orderId = await Db.ScalarAsync<string>("select id::text from billing.payment_orders where provider_payment_id = @p",
            ("p", service.Find(unanswered[(unanswered.LastIndexOf('/') + 1)..])!.Id));
        var returnPath = $"/cabinet/payments/return/{orderId}";
        Assert.Contains("hx-trigger=\"every 2s\"", await browser.GetStringAsync(returnPath, Cancel), StringComparison.Ordinal);
        await Db.ExecuteAsync($"update billing.payment_orders set created_at = created_at - interval '21 minutes' where id = '{orderId}'");
        var stale = System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync(returnPath, Cancel));
        Assert.Contains("Банк пока не сообщил результат оплаты", stale, StringComparison.Ordinal);
        Assert.DoesNotContain("hx-trigger", stale, StringComparison.Ordinal);
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task A_declined_payment_posts_nothing_and_the_balance_stays()
    {
        var browser = await SignedInAsync();
        var premises = await PremisesAsync(Contract);
        var before = await BalanceAsync(premises);
        var mark = await PaymentMarkAsync();
        var payments = await Db.ScalarAsync<long>("select count(*) from billing.payments");

        var declined = await PayAtAcquirerAsync(browser, await StartAsync(browser, premises, "15"), card: "4000 0000 0000 0002");
        var html = await browser.GetStringAsync(declined, Cancel);
        Assert.Contains("Банк отклонил оплату", html, StringComparison.Ordinal);
        Assert.Equal(before, ShownBalance(html));
        Assert.Equal("declined", await Db.ScalarAsync<string>("select state from billing.payment_orders where id = @id::uuid", ("id", OrderId(declined))));

        var cancelled = await PayAtAcquirerAsync(browser, await StartAsync(browser, premises, "15"), card: string.Empty, handler: "Decline");
        Assert.Contains("Банк отклонил оплату", await browser.GetStringAsync(cancelled, Cancel), StringComparison.Ordinal);

        Assert.Equal(payments, await Db.ScalarAsync<long>("select count(*) from billing.payments"));
        Assert.Equal(before, await BalanceAsync(premises));
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task A_callback_without_a_valid_signature_or_not_matching_its_order_is_refused_and_nothing_is_stored()
    {
        var browser = await SignedInAsync();
        var premises = await PremisesAsync(Contract);
        var acquirer = await StartAsync(browser, premises, "20");
        var service = host.Factory.Services.GetRequiredService<StandInAcquirer>();
        var payment = service.Find(acquirer[(acquirer.LastIndexOf('/') + 1)..])!;
        var payments = await Db.ScalarAsync<long>("select count(*) from billing.payments");

        var body = service.Notice(payment, true, null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostCallbackAsync(body, new string('0', 64))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostCallbackAsync(body, null)).StatusCode);
        var forged = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("\"20.00\"", "\"2000.00\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostCallbackAsync(forged, service.Sign(body))).StatusCode); // the signature of another body
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostCallbackAsync("not json"u8.ToArray(), service.Sign("not json"u8.ToArray()))).StatusCode);

        // Signed, but the amount is not the order's, or the order is unknown.
        var wrongAmount = service.Notice(payment with { Amount = 2000m }, true, null);
        Assert.Equal(HttpStatusCode.Conflict, (await PostCallbackAsync(wrongAmount, service.Sign(wrongAmount))).StatusCode);
        var unknown = service.Notice(payment with { OrderId = Guid.NewGuid() }, true, null);
        Assert.Equal(HttpStatusCode.NotFound, (await PostCallbackAsync(unknown, service.Sign(unknown))).StatusCode);

        Assert.Equal(payments, await Db.ScalarAsync<long>("select count(*) from billing.payments"));
        Assert.Equal("created", await Db.ScalarAsync<string>("select state from billing.payment_orders where provider_payment_id = @p", ("p", payment.Id)));

        // The genuine notice still completes the order, and a declined notice after it is refused.
        Assert.Equal(HttpStatusCode.OK, (await PostCallbackAsync(body, service.Sign(body))).StatusCode);
        var declined = service.Notice(payment, false, "late decline");
        Assert.Equal(HttpStatusCode.Conflict, (await PostCallbackAsync(declined, service.Sign(declined))).StatusCode);
        Assert.Equal(payments + 1, await Db.ScalarAsync<long>("select count(*) from billing.payments"));
        await AssertLedgerInvariantAsync();
    }

    [Theory]
    [InlineData("-100", "bill", "больше нуля")]
    [InlineData("0", "bill", "больше нуля")]
    [InlineData("", "bill", "Введите сумму")]
    [InlineData("сто рублей", "bill", "Сумма указана неверно")]
    [InlineData("10,001", "bill", "до копейки")]
    [InlineData("20000000", "bill", "слишком велика")]
    [InlineData("100", "everything", "Выберите, что оплачиваете")]
    public async Task A_bad_amount_or_target_gets_a_clear_message_and_nothing_is_stored(string amount, string target, string message)
    {
        var browser = await SignedInAsync();
        var premises = await PremisesAsync(Contract);
        var orders = await Db.ScalarAsync<long>("select count(*) from billing.payment_orders");
        var url = $"/cabinet/payments/pay?premises={premises}";

        var response = await browser.PostFormAsync(url, url, new Dictionary<string, string> { ["Amount"] = amount, ["Target"] = target });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);
        Assert.Equal(orders, await Db.ScalarAsync<long>("select count(*) from billing.payment_orders"));
    }

    [Fact]
    public async Task Another_consumers_premises_and_orders_are_not_found_and_the_form_needs_its_antiforgery_token()
    {
        var browser = await SignedInAsync();
        var others = await PremisesAsync("Д-2024/0002");
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/cabinet/payments/pay?premises={others}", Cancel)).StatusCode);
        var own = await PremisesAsync(Contract);
        var posted = await browser.PostFormAsync($"/cabinet/payments/pay?premises={own}", $"/cabinet/payments/pay?premises={others}",
            new Dictionary<string, string> { ["Amount"] = "10", ["Target"] = "bill" });
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);

        var back = await PayAtAcquirerAsync(browser, await StartAsync(browser, own, "5"));
        var stranger = host.Factory.CreateBrowser();
        var signedIn = await stranger.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = "Д-2024/0002", ["Password"] = "cabinet-demo" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(back, Cancel)).StatusCode);

        var orders = await Db.ScalarAsync<long>("select count(*) from billing.payment_orders");
        var noToken = await browser.PostAsync($"/cabinet/payments/pay?premises={own}", new FormUrlEncodedContent(new Dictionary<string, string> { ["Amount"] = "10", ["Target"] = "bill" }), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(orders, await Db.ScalarAsync<long>("select count(*) from billing.payment_orders"));
    }

    [Fact]
    public async Task Without_the_stand_ins_there_is_no_acquirer_page_no_callback_and_the_pay_form_says_online_payment_is_unavailable()
    {
        await host.ReadyAsync(Cancel);
        await using var production = host.Factory.WithWebHostBuilder(b => b.UseSetting("Billing:StandInProvider:Enabled", "false"));
        var anonymous = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/stand-in/acquirer/sa_000000000000000000000000", Cancel)).StatusCode);
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsync("/api/billing/payments/callback", content, Cancel)).StatusCode);

        var browser = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = "ivanov.sp@example.ru", ["Password"] = "cabinet-demo" })).StatusCode);
        var premises = await PremisesAsync(Contract);
        Assert.Contains("Онлайн-оплата сейчас недоступна", await browser.GetStringAsync($"/cabinet/payments/pay?premises={premises}", Cancel), StringComparison.Ordinal);
        var orders = await Db.ScalarAsync<long>("select count(*) from billing.payment_orders");
        var token = await browser.AntiforgeryTokenAsync("/cabinet/profile");
        var posted = await browser.PostAsync($"/cabinet/payments/pay?premises={premises}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Amount"] = "10", ["Target"] = "bill", ["__RequestVerificationToken"] = token }), Cancel);
        Assert.Contains("Онлайн-оплата сейчас недоступна", await posted.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(orders, await Db.ScalarAsync<long>("select count(*) from billing.payment_orders"));
    }

    private async Task<HttpResponseMessage> PostCallbackAsync(byte[] body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/billing/payments/callback") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (signature is not null)
            request.Headers.Add(StandInAcquirer.HeaderName, signature);
        return await host.Factory.CreateClient().SendAsync(request, Cancel);
    }

    [GeneratedRegex("data-balance=\"(-?[0-9.]+)\"")]
    private static partial Regex BalancePattern();
}
