using System.Net;
using UglyToad.PdfPig;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// Payments at the office (issue 7): an operator records a payment and prints its receipt (a real PDF
/// read back); bad input gives a clear message and stores nothing; a double submit is one payment;
/// an inspector records nothing. The consumer's cabinet shows the balance, the payment history and
/// the charts of payments and debt over time, for their own premises only.
/// </summary>
public sealed class PaymentPagesTests(BilledHostFixture host) : IClassFixture<BilledHostFixture>
{
    private const string Consumer = "ivanov.sp@example.ru";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<HttpClient> StaffAsync(string login)
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync(login, login + "-demo");
        return browser;
    }

    private async Task<HttpClient> ConsumerAsync(string login)
    {
        var browser = host.Factory.CreateBrowser();
        var response = await browser.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = login, ["Password"] = "cabinet-demo" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    /// <summary>The payer code of the consumer's first premises.</summary>
    private async Task<(long PremisesId, string PayerCode)> PremisesOfAsync(string email)
    {
        var premisesId = await Db.ScalarAsync<long>("""
            select c.premises_id from contracts.contracts c join contracts.consumers k on k.id = c.consumer_id
            where k.email = @e and c.terminated_on is null order by c.id limit 1
            """, ("e", email));
        return (premisesId, (await Db.ScalarAsync<string>("select payer_code from contracts.premises where id = @p", ("p", premisesId)))!);
    }

    /// <summary>Group separators as plain spaces, whether written as characters or as HTML entities.</summary>
    private static string Spaces(string html) =>
        html.Replace("&#xA0;", " ", StringComparison.Ordinal).Replace("&#x202F;", " ", StringComparison.Ordinal).Replace('\u00A0', ' ').Replace('\u202F', ' ');

    private static Dictionary<string, string> Fields(string html, string reference, string amount) => new()
    {
        ["FormKey"] = System.Text.RegularExpressions.Regex.Match(html, "name=\"FormKey\" value=\"([^\"]+)\"").Groups[1].Value,
        ["Reference"] = reference,
        ["Amount"] = amount,
        ["PaidOn"] = "2026-11-25",
        ["ForPeriod"] = string.Empty,
        ["Target"] = "bill",
    };

    private Task<long> PaymentMarkAsync() => Db.ScalarAsync<long>("select coalesce(max(id), 0) from billing.payments");

    /// <summary>What the premises' bill payments after <paramref name="mark"/> gave the repair fund (issue 8: pro rata with the month's contribution).</summary>
    private Task<decimal> FundSharesAsync(long premises, long mark) => Db.ScalarAsync<decimal>(
        "select coalesce(sum(repair_fund_share), 0) from billing.payments where premises_id = @p and id > @m and target = 'bill'", ("p", premises), ("m", mark));

    [Fact]
    public async Task An_operator_takes_a_payment_and_prints_its_receipt_and_the_consumer_sees_it_in_the_cabinet()
    {
        var (premisesId, payerCode) = await PremisesOfAsync(Consumer);
        var due = await Db.ScalarAsync<decimal>("select sum(balance) from billing.account_balances where premises_id = @p", ("p", premisesId));
        var mark = await PaymentMarkAsync();
        var office = await StaffAsync("operator");
        var form = await office.GetStringAsync("/office/billing/payments", Cancel);

        var posted = await office.PostFormAsync("/office/billing/payments", "/office/billing/payments", Fields(form, payerCode, "1 234,50"));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var page = await office.GetStringAsync(posted.Headers.Location!.OriginalString, Cancel);
        Assert.Contains("1 234,50", Spaces(page), StringComparison.Ordinal);
        var paymentId = await Db.ScalarAsync<long>("select id from billing.payments where premises_id = @p and amount = 1234.50 and channel = 'office'", ("p", premisesId));
        var pdf = await office.GetAsync($"/office/billing/payments/{paymentId}/Receipt", Cancel);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        using (var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync(Cancel)))
        {
            var text = string.Concat(document.GetPages().Select(p => p.Text));
            Assert.Contains("Квитанция об оплате", text, StringComparison.Ordinal);
            Assert.Contains(payerCode, text, StringComparison.Ordinal);
            Assert.Contains("1 234,50", Spaces(text), StringComparison.Ordinal);
        }

        Assert.Equal(due - 1234.50m + await FundSharesAsync(premisesId, mark), await Db.ScalarAsync<decimal>("select sum(balance) from billing.account_balances where premises_id = @p", ("p", premisesId)));
        await LedgerInvariant.AssertHoldsAsync(Db);

        var cabinet = await ConsumerAsync(Consumer);
        var mine = await cabinet.GetStringAsync("/cabinet/payments", Cancel);
        Assert.Contains("25.11.2026", mine, StringComparison.Ordinal);
        Assert.Contains("1 234,50", Spaces(mine), StringComparison.Ordinal);
        Assert.Contains($"data-chart=\"premises-{premisesId}-paid-data\"", mine, StringComparison.Ordinal);
        Assert.Contains($"data-chart=\"premises-{premisesId}-debt-data\"", mine, StringComparison.Ordinal);
        Assert.Contains($"/cabinet/payments/pay?premises={premisesId}", mine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_form_submitted_twice_is_one_payment()
    {
        var (premisesId, payerCode) = await PremisesOfAsync("petrova.mi@example.ru");
        var office = await StaffAsync("accountant");
        var form = await office.GetStringAsync("/office/billing/payments", Cancel);
        var fields = Fields(form, payerCode, "77.70");

        var first = await office.PostFormAsync("/office/billing/payments", "/office/billing/payments", fields);
        var second = await office.PostFormAsync("/office/billing/payments", "/office/billing/payments", fields);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from billing.payments where premises_id = @p and amount = 77.70", ("p", premisesId)));
    }

    [Theory]
    [InlineData("-100", "больше нуля")]
    [InlineData("сто рублей", "должна быть числом")]
    [InlineData("10,555", "не больше двух знаков")]
    [InlineData("", "должна быть числом")]
    public async Task A_bad_amount_gives_a_clear_message_and_stores_nothing(string amount, string message)
    {
        var (_, payerCode) = await PremisesOfAsync(Consumer);
        var payments = await Db.ScalarAsync<long>("select count(*) from billing.payments");
        var office = await StaffAsync("operator");
        var form = await office.GetStringAsync("/office/billing/payments", Cancel);

        var response = await office.PostFormAsync("/office/billing/payments", "/office/billing/payments", Fields(form, payerCode, amount));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(payments, await Db.ScalarAsync<long>("select count(*) from billing.payments"));
    }

    [Fact]
    public async Task An_unknown_payer_code_gives_a_clear_message_and_stores_nothing()
    {
        var payments = await Db.ScalarAsync<long>("select count(*) from billing.payments");
        var office = await StaffAsync("operator");
        var form = await office.GetStringAsync("/office/billing/payments", Cancel);

        var response = await office.PostFormAsync("/office/billing/payments", "/office/billing/payments", Fields(form, "00НЕТ-0000", "100"));

        Assert.Contains("проверьте номер", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(payments, await Db.ScalarAsync<long>("select count(*) from billing.payments"));
    }

    [Fact]
    public async Task An_inspector_sees_payments_but_cannot_take_one()
    {
        var (_, payerCode) = await PremisesOfAsync(Consumer);
        var inspector = await StaffAsync("inspector");
        var operatorForm = await (await StaffAsync("operator")).GetStringAsync("/office/billing/payments", Cancel);
        var payments = await Db.ScalarAsync<long>("select count(*) from billing.payments");

        var page = await inspector.GetStringAsync("/office/billing/payments", Cancel);
        var posted = await inspector.PostFormAsync("/office/billing/payments", "/office/billing/payments", Fields(operatorForm, payerCode, "100"));

        Assert.DoesNotContain("name=\"Amount\"", page, StringComparison.Ordinal);
        // Refused: the office's access-denied page.
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("/office/denied", posted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(payments, await Db.ScalarAsync<long>("select count(*) from billing.payments"));
    }

    [Fact]
    public async Task A_consumer_sees_only_the_premises_of_their_own_cabinet()
    {
        var (mine, _) = await PremisesOfAsync(Consumer);
        var (other, _) = await PremisesOfAsync("petrova.mi@example.ru");
        var cabinet = await ConsumerAsync(Consumer);

        var page = await cabinet.GetStringAsync("/cabinet/payments", Cancel);

        Assert.Contains($"data-premises=\"{mine}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-premises=\"{other}\"", page, StringComparison.Ordinal);
    }
}
