using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing;
using Utilities.Host.Platform.ApiClients;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// Bank payment registries (issue 7, ADR 16) against PostgreSQL with the demo data billed for
/// November 2026: files in CP1251, CP866 and UTF-8 read by each bank's column map, rows matched by
/// payer code, account, contract or address, bad rows listed and not posted, a file or a row sent
/// again never counted twice, a broken file refused whole, unmatched rows resolved by an operator,
/// the API endpoint behind a billing:write key. Every scenario ends with the ledger invariant.
/// </summary>
public sealed class PaymentRegistryTests(HostFixture host) : IClassFixture<HostFixture>
{
    private const string Url = "/api/billing/registries";

    private static readonly Encoding Cp1251 = CodePage(1251);

    private static readonly Encoding Cp866 = CodePage(866);

    private static readonly DateOnly PaidOn = DateOnly.FromDateTime(DateTime.Now).AddDays(-3);

    private static Encoding CodePage(int number)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(number);
    }

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    /// <summary>A document number no other test (or run) uses: the row's identity is the bank's document number.</summary>
    private static string Document() => Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(CultureInfo.InvariantCulture);

    private async Task BilledAsync()
    {
        if (await Db.ScalarAsync<long>("select count(*) from billing.runs where period = '2026-11-01' and state = 'completed'") > 0)
            return;
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IBillingRuns>().RunAsync(new DateOnly(2026, 11, 1), "test", null, Cancel);
        Assert.Null(result.Error);
    }

    private async Task<string> KeyAsync(params string[] scopes)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync("bank", scopes, "test", Cancel)).Key;
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body, string bank, string? key = null, string? encoding = null)
    {
        key ??= await KeyAsync("billing:write");
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        var url = $"{Url}?bank={bank}&file=test-{Guid.NewGuid():N}.txt" + (encoding is null ? string.Empty : "&encoding=" + encoding);
        return await client.PostAsync(url, content, Cancel);
    }

    private async Task<JsonElement> ImportAsync(byte[] body, string bank = "sber", string? encoding = null)
    {
        var response = await PostAsync(body, bank, encoding: encoding);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Сбербанк's layout: date;time;branch;document;payer code or account or contract;payer;address;period;amount.</summary>
    private static string Sber(string document, string reference, string amount, string? date = null, string address = "", string period = "112026") =>
        $"{date ?? PaidOn.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)};10:15:00;8626/0001;{document};{reference};Иванов Сергей Петрович;{address};{period};{amount}";

    private static Dictionary<int, JsonElement> Problems(JsonElement report) =>
        report.GetProperty("problems").EnumerateArray().ToDictionary(p => p.GetProperty("line").GetInt32());

    private static int Count(JsonElement report, string name) => report.GetProperty(name).GetInt32();

    private async Task<string?> StatusAsync(long registry, int line) =>
        await Db.ScalarAsync<string>("select status || coalesce(':' || match_kind, '') from billing.registry_rows where registry_id = @r and line = @l", ("r", registry), ("l", line));

    private Task<long> PaymentsAsync(long registry) =>
        Db.ScalarAsync<long>("select count(*) from billing.payments where registry_id = @r", ("r", registry));

    private Task AssertLedgerInvariantAsync() => LedgerInvariant.AssertHoldsAsync(Db);

    [Fact]
    public async Task A_CP1251_registry_posts_rows_matched_by_payer_code_account_contract_or_address_and_lists_bad_rows_without_posting_them()
    {
        await BilledAsync();
        var balance = await Db.ScalarAsync<decimal>("select sum(balance) from billing.account_balances where premises_id = (select id from contracts.premises where payer_code = '69НЗ000001')");
        var file = string.Join("\r\n",
            Sber(Document(), "69НЗ000001", "1500,00"),
            Sber(Document(), "1000005", "250.50"),
            Sber(Document(), "Д-2024/0003", "1 000,00"),
            Sber(Document(), "", "300,00", address: "г. Новоозёрск, ул. Садовая, д. 12, кв. 12"),
            Sber(Document(), "69НЗ000002", "-100,00"),
            Sber(Document(), "69НЗ000002", "100,00", date: "31-02-2026"),
            Sber(Document(), "99999999", "700,00"),
            Sber(Document(), "69НЗ000002", "сто"),
            "=8;3750,50") + "\r\n";

        var report = await ImportAsync(Cp1251.GetBytes(file));

        var id = report.GetProperty("registryId").GetInt64();
        Assert.Equal("windows-1251", report.GetProperty("encoding").GetString());
        Assert.Equal((8, 4, 1, 3), (Count(report, "rows"), Count(report, "posted"), Count(report, "unmatched"), Count(report, "rejected")));
        Assert.Equal(3050.50m, report.GetProperty("amountPosted").GetDecimal());
        Assert.Equal(["posted:payer-code", "posted:account", "posted:contract", "posted:address"],
            [await StatusAsync(id, 1), await StatusAsync(id, 2), await StatusAsync(id, 3), await StatusAsync(id, 4)]);
        var problems = Problems(report);
        Assert.Equal([5, 6, 7, 8], problems.Keys.Order());
        Assert.Equal("сумма должна быть больше нуля", problems[5].GetProperty("message").GetString());
        Assert.Contains("31-02-2026", problems[6].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("unmatched", problems[7].GetProperty("status").GetString());
        Assert.Contains("99999999", problems[7].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("сто", problems[8].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(4L, await PaymentsAsync(id));
        Assert.Equal(1L, await Db.ScalarAsync<long>(
            "select count(*) from billing.payments where registry_id = @r and channel = 'registry' and account_id = (select id from contracts.personal_accounts where number = '1000005')", ("r", id)));
        var share = await Db.ScalarAsync<decimal>("select repair_fund_share from billing.payments where registry_id = @r and reference = '69НЗ000001'", ("r", id));
        Assert.Equal(balance - 1500m + share, await Db.ScalarAsync<decimal>(
            "select sum(balance) from billing.account_balances where premises_id = (select id from contracts.premises where payer_code = '69НЗ000001')"));
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task A_CP866_registry_with_a_header_line_and_its_own_contract_column_is_read_by_its_banks_map()
    {
        await BilledAsync();
        var date = PaidOn.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        var file = $"""
            Документ;Дата;Лицевой счёт;Договор;Плательщик;Адрес;Сумма;Период
            {Document()};{date};69НЗ000011;;Петрова Мария Ивановна;;812,40;11.2026
            {Document()};{date};;Д-2024/0006;Смирнов Дмитрий Андреевич;;99,99;11.2026
            {Document()};{date};;;Никто;;50,00;11.2026
            {Document()};{date};69НЗ000012;;Кузнецова Ольга;;0,00;11.2026
            """;

        var report = await ImportAsync(Cp866.GetBytes(file), "pochta");

        var id = report.GetProperty("registryId").GetInt64();
        Assert.Equal("cp866", report.GetProperty("encoding").GetString());
        Assert.Equal((4, 2, 1, 1), (Count(report, "rows"), Count(report, "posted"), Count(report, "unmatched"), Count(report, "rejected")));
        Assert.Equal("posted:payer-code", await StatusAsync(id, 2));
        Assert.Equal("posted:contract", await StatusAsync(id, 3));
        Assert.Equal("Никто", await Db.ScalarAsync<string>("select payer from billing.registry_rows where registry_id = @r and line = 4", ("r", id)));
        Assert.Contains("ЕЛС", Problems(report)[4].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2L, await PaymentsAsync(id));
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task A_UTF8_registry_is_read_as_UTF8_although_the_banks_map_says_CP1251()
    {
        await BilledAsync();
        var file = Sber(Document(), "69НЗ000021", "420,00") + "\n" + Sber(Document(), "Д-2024/0010", "80,00") + "\n";

        var report = await ImportAsync([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(file)]);
        var withoutBom = await ImportAsync(Encoding.UTF8.GetBytes(Sber(Document(), "69НЗ000022", "10,00")));

        Assert.Equal("utf-8", report.GetProperty("encoding").GetString());
        Assert.Equal(2, Count(report, "posted"));
        Assert.Equal("utf-8", withoutBom.GetProperty("encoding").GetString());
        Assert.Equal(1, Count(withoutBom, "posted"));
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task The_same_file_imported_again_returns_its_earlier_report_and_posts_nothing()
    {
        await BilledAsync();
        var file = Cp1251.GetBytes(Sber(Document(), "69НЗ000003", "600,00") + "\r\n" + Sber(Document(), "1000010", "70,00") + "\r\n");
        var first = await ImportAsync(file);
        var payments = await Db.ScalarAsync<long>("select count(*) from billing.payments");
        var ledger = await Db.ScalarAsync<decimal>("select sum(amount) from billing.ledger_entries");

        var again = await ImportAsync(file);

        Assert.False(first.GetProperty("duplicateFile").GetBoolean());
        Assert.True(again.GetProperty("duplicateFile").GetBoolean());
        Assert.Equal(first.GetProperty("registryId").GetInt64(), again.GetProperty("registryId").GetInt64());
        Assert.Equal(2, Count(again, "posted"));
        Assert.Equal(payments, await Db.ScalarAsync<long>("select count(*) from billing.payments"));
        Assert.Equal(ledger, await Db.ScalarAsync<decimal>("select sum(amount) from billing.ledger_entries"));
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task A_row_sent_again_in_another_file_or_twice_in_one_file_is_a_duplicate_and_counted_once()
    {
        await BilledAsync();
        var row = Sber(Document(), "69НЗ000004", "333,00");
        var first = await ImportAsync(Cp1251.GetBytes(row + "\r\n"));
        var other = Sber(Document(), "69НЗ000004", "1,00");

        var second = await ImportAsync(Cp1251.GetBytes(string.Join("\r\n", other, row, other) + "\r\n"));

        var firstId = first.GetProperty("registryId").GetInt64();
        var secondId = second.GetProperty("registryId").GetInt64();
        Assert.Equal((3, 1, 2), (Count(second, "rows"), Count(second, "posted"), Count(second, "duplicates")));
        var problems = Problems(second);
        Assert.Contains(firstId.ToString(CultureInfo.InvariantCulture), problems[2].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("этого же файла", problems[3].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1L, await PaymentsAsync(firstId));
        Assert.Equal(1L, await PaymentsAsync(secondId));
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from billing.payments where amount = 333.00 and premises_id = (select id from contracts.premises where payer_code = '69НЗ000004') and registry_id is not null"));
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task A_broken_file_is_refused_whole_with_a_message_stores_no_row_or_payment_and_is_listed_as_refused()
    {
        await BilledAsync();
        var payments = await Db.ScalarAsync<long>("select count(*) from billing.payments");
        // Truncated: the totals line says three payments, two arrived.
        var rows = Sber(Document(), "69НЗ000013", "100,00") + "\r\n" + Sber(Document(), "69НЗ000014", "100,00") + "\r\n";
        var truncated = Cp1251.GetBytes(rows + "=3;300,00\r\n");
        var binary = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00 };
        var wrongBank = Cp1251.GetBytes("a,b,c\r\n1,2,3\r\n");
        var notUtf8 = Cp1251.GetBytes(Sber(Document(), "69НЗ000013", "100,00"));

        var responses = new[] { await PostAsync(truncated, "sber"), await PostAsync(binary, "sber"), await PostAsync(wrongBank, "sber"), await PostAsync(notUtf8, "sber", encoding: "utf-8") };

        foreach (var response in responses)
        {
            var body = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
            var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
            var id = error.GetProperty("registryId").GetInt64();
            Assert.Equal("rejected", await Db.ScalarAsync<string>("select state from billing.registries where id = @r", ("r", id)));
            Assert.Equal(0L, await Db.ScalarAsync<long>("select count(*) from billing.registry_rows where registry_id = @r", ("r", id)));
        }

        Assert.Contains("итоговая строка", JsonDocument.Parse(await responses[0].Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(payments, await Db.ScalarAsync<long>("select count(*) from billing.payments"));
        var unknownBank = await PostAsync(truncated, "no-such-bank");
        Assert.Equal(HttpStatusCode.BadRequest, unknownBank.StatusCode);
        Assert.Contains("no-such-bank", await unknownBank.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        // The corrected file is accepted: a refusal does not block the same bank's next upload.
        var whole = await ImportAsync(Cp1251.GetBytes(rows + "=2;200,00\r\n"));
        Assert.Equal(2, Count(whole, "posted"));
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task An_operator_resolves_an_unmatched_row_in_the_back_office_by_naming_the_account_and_it_is_posted_once()
    {
        await BilledAsync();
        var report = await ImportAsync(Cp1251.GetBytes(Sber(Document(), "ЛС 12-34", "450,00") + "\r\n"));
        var id = report.GetProperty("registryId").GetInt64();
        Assert.Equal(1, Count(report, "unmatched"));
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("operator", "operator-demo");
        var page = $"/office/billing/registries/{id}";
        Assert.Contains("ЛС 12-34", await browser.GetStringAsync(page, Cancel), StringComparison.Ordinal);

        var unknown = await browser.PostFormAsync(page, page + "?handler=Resolve", new Dictionary<string, string> { ["line"] = "1", ["reference"] = "00000" });
        var resolved = await browser.PostFormAsync(page, page + "?handler=Resolve", new Dictionary<string, string> { ["line"] = "1", ["reference"] = "1000017" });
        var twice = await browser.PostFormAsync(page, page + "?handler=Resolve", new Dictionary<string, string> { ["line"] = "1", ["reference"] = "1000017" });

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Contains("такого ЕЛС, лицевого счёта или договора нет", await unknown.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
        Assert.Contains("строка уже обработана", await twice.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal("resolved:account", await StatusAsync(id, 1));
        Assert.StartsWith("Оператор", await Db.ScalarAsync<string>("select resolved_by from billing.registry_rows where registry_id = @r and line = 1", ("r", id)), StringComparison.Ordinal);
        Assert.Equal((1, 0), (await Db.ScalarAsync<int>("select rows_posted from billing.registries where id = @r", ("r", id)),
            await Db.ScalarAsync<int>("select rows_unmatched from billing.registries where id = @r", ("r", id))));
        Assert.Equal(1L, await Db.ScalarAsync<long>(
            "select count(*) from billing.payments where registry_id = @r and amount = 450.00 and account_id = (select id from contracts.personal_accounts where number = '1000017')", ("r", id)));
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task An_accountant_uploads_a_registry_in_the_back_office_and_sees_its_report_an_inspector_cannot_upload()
    {
        await BilledAsync();
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("accountant", "accountant-demo");
        const string page = "/office/billing/registries";
        var token = await browser.AntiforgeryTokenAsync(page);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("sber"), "Bank" },
            { new StringContent(string.Empty), "Encoding" },
            { new ByteArrayContent(Cp1251.GetBytes(Sber(Document(), "69НЗ000023", "1234,56") + "\r\n")), "Upload", "sber-test.txt" },
        };

        var response = await browser.PostAsync(page, form, Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var report = await browser.GetStringAsync(response.Headers.Location!.OriginalString, Cancel);
        Assert.Contains("sber-test.txt", report, StringComparison.Ordinal);
        Assert.Contains("проведено 1 из 1", report, StringComparison.Ordinal);
        Assert.Contains("sber-test.txt", await browser.GetStringAsync(page, Cancel), StringComparison.Ordinal);

        var inspector = host.Factory.CreateBrowser();
        await inspector.SignInAsync("inspector", "inspector-demo");
        var inspectorToken = await inspector.AntiforgeryTokenAsync(page);
        using var again = new MultipartFormDataContent
        {
            { new StringContent(inspectorToken), "__RequestVerificationToken" },
            { new StringContent("sber"), "Bank" },
            { new ByteArrayContent(Cp1251.GetBytes(Sber(Document(), "69НЗ000023", "1,00"))), "Upload", "x.txt" },
        };
        var refused = await inspector.PostAsync(page, again, Cancel);
        Assert.DoesNotContain("/office/billing/registries/", refused.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(0L, await Db.ScalarAsync<long>("select count(*) from billing.registries where file_name = 'x.txt'"));
        await AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task The_api_answers_401_without_a_key_403_without_billing_write_and_200_with_it()
    {
        var body = Cp1251.GetBytes(Sber(Document(), "69НЗ000024", "15,00"));
        var anonymous = await host.Factory.CreateClient().PostAsync($"{Url}?bank=sber", new ByteArrayContent(body), Cancel);
        var forbidden = await PostAsync(body, "sber", await KeyAsync("billing:read", "metering:write"));
        var allowed = await PostAsync(body, "sber", await KeyAsync("billing:write"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("billing:write", await forbidden.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(1, Count(JsonDocument.Parse(await allowed.Content.ReadAsStringAsync(Cancel)).RootElement, "rows"));
        await AssertLedgerInvariantAsync();
    }
}
