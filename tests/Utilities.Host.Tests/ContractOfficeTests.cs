using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using Utilities.Contracts.Identity;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// The back office's contracts (issue 4): search by any identifier, concluding (new or existing
/// consumer, deemed registration), the printed contract with its activation code, termination,
/// contact changes, and bad input that changes nothing.
/// </summary>
public sealed partial class ContractOfficeTests(HostFixture host) : IClassFixture<HostFixture>
{
    private const string NewPage = "/office/contracts/new";
    private const string Lesnaya = "г. Новоозёрск, ул. Лесная, д. 3";
    private const string Sadovaya = "г. Новоозёрск, ул. Садовая, д. 12";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<HttpClient> OperatorAsync(string login = "operator")
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync(login, login + "-demo");
        return browser;
    }

    private static Dictionary<string, string> Conclusion(string premises, params string[] services)
    {
        var fields = new Dictionary<string, string>
        {
            ["Form.IdempotencyKey"] = Guid.NewGuid().ToString(),
            ["Form.BuildingAddress"] = Lesnaya,
            ["Form.PremisesNumber"] = premises,
            ["Form.Area"] = "48,5",
            ["Form.Rooms"] = "2",
            ["Form.Residents"] = "3",
            ["Form.StartsOn"] = DateTime.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < services.Length; i++)
            fields[$"Form.Services[{i}]"] = services[i];
        return fields;
    }

    private static long ConcludedId(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var target = response.Headers.GetValues("HX-Redirect").Single();
        return long.Parse(RedirectId().Match(target).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<long[]> CountsAsync() =>
    [
        await Db.ScalarAsync<long>("select count(*) from contracts.contracts"),
        await Db.ScalarAsync<long>("select count(*) from contracts.personal_accounts"),
        await Db.ScalarAsync<long>("select count(*) from contracts.personal_accounts where closed_on is not null"),
        await Db.ScalarAsync<long>("select count(*) from contracts.consumers"),
        await Db.ScalarAsync<long>("select count(*) from contracts.premises"),
        await Db.ScalarAsync<long>("select count(*) from contracts.outbox"),
        await Db.ScalarAsync<long>("select count(*) from contracts.one_time_codes"),
        await Db.ScalarAsync<long>("select count(*) from contracts.consumer_contact_changes"),
        await Db.ScalarAsync<long>("select count(*) from contracts.contracts where terminated_on is not null"),
    ];

    private Task<long> ContractIdAsync(string number) =>
        Db.ScalarAsync<long>("select id from contracts.contracts where number = @n", ("n", number));

    private static async Task<string> PdfTextAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length < 120_000, $"the PDF is {bytes.Length} bytes");
        if (Environment.GetEnvironmentVariable("UTILITIES_TEST_PDF_DUMP") is { Length: > 0 } dump)
            await File.WriteAllBytesAsync(Path.Combine(dump, $"contract-{Guid.NewGuid():N}.pdf"), bytes); // to look at them (pdftoppm)
        using var pdf = PdfDocument.Open(bytes);
        return string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    private async Task<CodeCheck> CheckActivationAsync(long consumerId, string code)
    {
        using var scope = host.Factory.Services.CreateScope();
        var codes = scope.ServiceProvider.GetRequiredService<OneTimeCodes>();
        var (result, _) = await codes.CheckAsync(consumerId, CodePurpose.Activation, code, Cancel);
        return result; // a right code is spent by the check
    }

    [Theory]
    [InlineData("1000005", "Д-2024/0002")]
    [InlineData("д-2024/0003", "Д-2024/0003")]
    [InlineData("8 (916) 123-45-08", "Д-2024/0008")]
    [InlineData("KUZNETSOVA.OV@Example.RU", "Д-2024/0004")]
    [InlineData("Садовая кв 6", "Д-2024/0002")]
    [InlineData("фёдоров ник", "Д-2024/0009")]
    [InlineData("Федоров Николай", "Д-2024/0009")]
    [InlineData("новоозерск лесная, кв. 10", "Д-2024/0010")]
    [InlineData("69НЗ000003", "Д-2024/0003")]
    public async Task Operator_finds_a_contract_by_any_identifier_and_htmx_gets_only_the_results(string query, string contract)
    {
        var browser = await OperatorAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/office/contracts?q=" + Uri.EscapeDataString(query));
        request.Headers.Add("HX-Request", "true");

        var response = await browser.SendAsync(request, Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("<div id=\"results\"", html.TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("<html", html, StringComparison.Ordinal);
        Assert.Contains("Найдено: 1", html, StringComparison.Ordinal);
        Assert.Contains($">{contract}</a>", html, StringComparison.Ordinal);

        var page = await browser.GetStringAsync("/office/contracts?q=" + Uri.EscapeDataString(query), Cancel);
        Assert.Contains("<html", page, StringComparison.Ordinal);
        Assert.Contains("hx-trigger=\"input changed delay:250ms, search\"", page, StringComparison.Ordinal);
        Assert.Contains($">{contract}</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concluding_with_a_new_consumer_and_new_premises_opens_accounts_publishes_once_and_prints_a_working_activation_code()
    {
        var browser = await OperatorAsync();
        var fields = Conclusion("101", "electricity", "cold-water");
        fields["Form.FullName"] = "  Ёлкина   Алёна Фёдоровна ";
        fields["Form.Email"] = " Yolkina.AF@Example.RU ";
        fields["Form.Phone"] = "8 (903) 555-12-34";

        var id = ConcludedId(await browser.HtmxPostAsync(NewPage, NewPage, fields));

        var consumer = await Db.ScalarAsync<long>("select consumer_id from contracts.contracts where id = @id", ("id", id));
        Assert.Equal("Ёлкина Алёна Фёдоровна|yolkina.af@example.ru|+79035551234",
            await Db.ScalarAsync<string>("select full_name || '|' || email || '|' || phone from contracts.consumers where id = @c", ("c", consumer)));
        var number = await Db.ScalarAsync<string>("select number from contracts.contracts where id = @id", ("id", id)) ?? string.Empty;
        Assert.Matches(@"^Д-\d{4}/\d{6}$", number);
        Assert.StartsWith("69НЗ", await Db.ScalarAsync<string>(
            "select p.payer_code from contracts.premises p join contracts.contracts c on c.premises_id = p.id where c.id = @id", ("id", id)), StringComparison.Ordinal);
        var accounts = await Db.ColumnAsync($"select number || ' ' || utility || ' ' || attach_code from contracts.personal_accounts where contract_id = {id} order by utility");
        Assert.Equal(2, accounts.Count);
        Assert.All(accounts, a => Assert.True(long.Parse(a.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) > 1_000_048));
        // The default supplier is the one already serving the building.
        Assert.Equal(0L, await Db.ScalarAsync<long>($"""
            select count(*) from contracts.personal_accounts a
             where a.contract_id = {id} and a.supplier_id <> (select b.supplier_id from contracts.personal_accounts b
                   join contracts.premises p on p.id = b.premises_id join contracts.buildings g on g.id = p.building_id
                  where g.address = '{Lesnaya}' and b.utility = a.utility and b.contract_id <> {id} limit 1)
            """));

        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from contracts.outbox where type = 'contracts.contract-concluded' and (payload->>'contractId')::bigint = @id", ("id", id)));
        Assert.Equal(2L, await Db.ScalarAsync<long>("select jsonb_array_length(payload->'accounts')::bigint from contracts.outbox where type = 'contracts.contract-concluded' and (payload->>'contractId')::bigint = @id", ("id", id)));
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from platform.audit_log where action = 'contract.concluded' and subject = @s and actor = 'staff:operator'", ("s", $"contract:{id}")));

        var card = await browser.GetStringAsync($"/office/contracts/{id}?concluded=1", Cancel);
        Assert.Contains($"Договор {number} заключён", card, StringComparison.Ordinal);
        Assert.Contains("код активации, выданный при заключении", card, StringComparison.Ordinal);

        // The first print carries the code issued at conclusion.
        var text = await PdfTextAsync(await browser.PostFormAsync($"/office/contracts/{id}", $"/office/contracts/{id}/pdf", new Dictionary<string, string>()));
        Assert.Contains("Ёлкина Алёна Фёдоровна", text, StringComparison.Ordinal);
        Assert.Contains("₽", text, StringComparison.Ordinal);
        Assert.Contains(number, text, StringComparison.Ordinal);
        Assert.Contains("Единый расчётный центр", text, StringComparison.Ordinal);
        foreach (var account in accounts)
        {
            Assert.Contains(account.Split(' ')[0], text, StringComparison.Ordinal);
            Assert.Contains(account.Split(' ')[2], text, StringComparison.Ordinal);
        }

        var code = ActivationCode().Match(text);
        Assert.True(code.Success, text);
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from contracts.one_time_codes where consumer_id = @c", ("c", consumer)));
        Assert.Equal(CodeCheck.Wrong, await CheckActivationAsync(consumer, "WRONGCODE"));

        // Every later print issues a new code; the old one stops working.
        var again = await PdfTextAsync(await browser.PostFormAsync($"/office/contracts/{id}", $"/office/contracts/{id}/pdf", new Dictionary<string, string>()));
        var second = ActivationCode().Match(again);
        Assert.True(second.Success, again);
        Assert.NotEqual(code.Groups[1].Value, second.Groups[1].Value);
        Assert.Equal(CodeCheck.Wrong, await CheckActivationAsync(consumer, code.Groups[1].Value));
        Assert.Equal(CodeCheck.Accepted, await CheckActivationAsync(consumer, second.Groups[1].Value));

        // A copy (GET) has no code and issues none.
        var copy = await PdfTextAsync(await browser.GetAsync($"/office/contracts/{id}/pdf", Cancel));
        Assert.DoesNotMatch(ActivationCode(), copy);
        Assert.Equal(2L, await Db.ScalarAsync<long>("select count(*) from contracts.one_time_codes where consumer_id = @c", ("c", consumer)));
    }

    [Fact]
    public async Task A_deemed_contract_of_an_existing_consumer_is_registered_with_its_number_and_all_services()
    {
        var browser = await OperatorAsync("admin");
        var consumer = await Db.ScalarAsync<long>("select id from contracts.consumers where full_name = 'Волков Артём Олегович'");
        using (var lookup = new HttpRequestMessage(HttpMethod.Get, $"{NewPage}?handler=Consumers&find=" + Uri.EscapeDataString("волков арт")))
        {
            lookup.Headers.Add("HX-Request", "true");
            var hits = await (await browser.SendAsync(lookup, Cancel)).Content.ReadAsStringAsync(Cancel);
            Assert.Contains($"href=\"/office/contracts/new?consumer={consumer}\">Волков Артём Олегович</a>", hits, StringComparison.Ordinal);
            Assert.DoesNotContain("<html", hits, StringComparison.Ordinal);
        }

        var form = await browser.GetStringAsync($"{NewPage}?consumer={consumer}", Cancel);
        Assert.Contains("Волков Артём Олегович", form, StringComparison.Ordinal);
        var fields = Conclusion("7", "electricity", "cold-water", "hot-water", "heating");
        fields["Form.ConsumerId"] = consumer.ToString(System.Globalization.CultureInfo.InvariantCulture);
        fields["Form.BuildingAddress"] = "Г. НОВООЗЁРСК, УЛ. САДОВАЯ, Д. 12";
        fields["Form.ContractNumber"] = "дк-2020/77";
        fields["Form.Deemed"] = "true";
        fields["Form.StartsOn"] = DateTime.Today.AddMonths(-6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var id = ConcludedId(await browser.HtmxPostAsync($"{NewPage}?consumer={consumer}", NewPage, fields));

        Assert.Equal("ДК-2020/77|t|" + consumer, await Db.ScalarAsync<string>(
            "select number || '|' || (case when deemed then 't' else 'f' end) || '|' || consumer_id from contracts.contracts where id = @id", ("id", id)));
        Assert.Equal(4L, await Db.ScalarAsync<long>($"select count(*) from contracts.personal_accounts where contract_id = {id} and opened_on = '{fields["Form.StartsOn"]}'"));
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from contracts.consumers where full_name = 'Волков Артём Олегович'"));
        Assert.Equal("true", await Db.ScalarAsync<string>("select payload->>'deemed' from contracts.outbox where type = 'contracts.contract-concluded' and (payload->>'contractId')::bigint = @id", ("id", id)));
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from platform.audit_log where action = 'contract.deemed-registered' and subject = @s", ("s", $"contract:{id}")));
        var card = await browser.GetStringAsync($"/office/contracts/{id}?concluded=1", Cancel);
        Assert.Contains("Конклюдентный договор ДК-2020/77 зарегистрирован", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_double_submitted_form_concludes_one_contract()
    {
        var browser = await OperatorAsync();
        var fields = Conclusion("102", "heating");
        fields["Form.FullName"] = "Двойной Клик Кликович";
        var before = await CountsAsync();

        var first = ConcludedId(await browser.HtmxPostAsync(NewPage, NewPage, fields));
        var response = await browser.HtmxPostAsync(NewPage, NewPage, fields);
        var second = ConcludedId(response);

        Assert.Equal(first, second);
        Assert.Contains("again=1", response.Headers.GetValues("HX-Redirect").Single(), StringComparison.Ordinal);
        var after = await CountsAsync();
        Assert.Equal(before[0] + 1, after[0]);
        Assert.Equal(before[1] + 1, after[1]);
        Assert.Equal(before[5] + 1, after[5]);
    }

    [Fact]
    public async Task Two_operators_opening_the_same_service_at_the_same_premises_at_once_open_one_account()
    {
        var setup = Conclusion("103", "heating");
        setup["Form.FullName"] = "Первая Жилица Премисовна";
        ConcludedId(await (await OperatorAsync()).HtmxPostAsync(NewPage, NewPage, setup));

        var a = await OperatorAsync();
        var b = await OperatorAsync("admin");
        var first = Conclusion("103", "electricity");
        first["Form.FullName"] = "Одновременный Первый Оператович";
        var second = Conclusion("103", "electricity");
        second["Form.FullName"] = "Одновременный Второй Оператович";

        var responses = await Task.WhenAll(a.HtmxPostAsync(NewPage, NewPage, first), b.HtmxPostAsync(NewPage, NewPage, second));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.Equal(1L, await Db.ScalarAsync<long>("""
            select count(*) from contracts.personal_accounts a join contracts.premises p on p.id = a.premises_id
            join contracts.buildings b on b.id = p.building_id
            where p.number = '103' and a.utility = 'electricity' and b.address = @b
            """, ("b", Lesnaya)));
    }

    [Fact]
    public async Task Terminating_closes_the_accounts_at_the_date_publishes_once_and_a_repeat_changes_nothing()
    {
        var browser = await OperatorAsync();
        var id = await ContractIdAsync("Д-2024/0012");
        var endsOn = DateTime.Today.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var fields = new Dictionary<string, string> { ["EndsOn"] = endsOn, ["Reason"] = "Продажа квартиры" };

        var response = await browser.HtmxPostAsync($"/office/contracts/{id}", $"/office/contracts/{id}?handler=Terminate", fields);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Договор расторгнут", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", html, StringComparison.Ordinal);
        Assert.Equal(4L, await Db.ScalarAsync<long>($"select count(*) from contracts.personal_accounts where contract_id = {id} and closed_on = '{endsOn}'"));
        Assert.Equal(endsOn + "|Продажа квартиры", await Db.ScalarAsync<string>($"select terminated_on::text || '|' || termination_reason from contracts.contracts where id = {id}"));
        Assert.Equal(1L, await Db.ScalarAsync<long>($"select count(*) from contracts.outbox where type = 'contracts.contract-terminated' and (payload->>'contractId')::bigint = {id}"));
        Assert.Equal(4L, await Db.ScalarAsync<long>($"select jsonb_array_length(payload->'accounts')::bigint from contracts.outbox where type = 'contracts.contract-terminated' and (payload->>'contractId')::bigint = {id}"));
        Assert.Equal(4L, await Db.ScalarAsync<long>($"select count(*) from contracts.personal_accounts where contract_id = {id}")); // nothing deleted

        var before = await CountsAsync();
        fields["EndsOn"] = DateTime.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        response = await browser.HtmxPostAsync($"/office/contracts/{id}", $"/office/contracts/{id}?handler=Terminate", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Договор уже расторгнут", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
        Assert.Equal(endsOn, await Db.ScalarAsync<string>($"select terminated_on::text from contracts.contracts where id = {id}"));
    }

    [Fact]
    public async Task Operator_changes_contacts_with_history_and_they_become_the_search_identifiers()
    {
        var browser = await OperatorAsync();
        var id = await ContractIdAsync("Д-2024/0007");
        var fields = new Dictionary<string, string> { ["Email"] = " Popov.New@Example.RU", ["Phone"] = "+7 (916) 123 45 99" };

        var response = await browser.HtmxPostAsync($"/office/contracts/{id}", $"/office/contracts/{id}?handler=Contacts", fields);

        Assert.Contains("Контакты изменены", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal("popov.new@example.ru|+79161234599", await Db.ScalarAsync<string>(
            $"select k.email || '|' || k.phone from contracts.consumers k join contracts.contracts c on c.consumer_id = k.id where c.id = {id}"));
        var history = await Db.ColumnAsync($"""
            select h.kind || ' ' || h.old_value || ' ' || h.new_value || ' ' || h.changed_by from contracts.consumer_contact_changes h
              join contracts.contracts c on c.consumer_id = h.consumer_id where c.id = {id} order by h.kind
            """);
        Assert.Equal(["email popov.iv@example.ru popov.new@example.ru staff:operator", "phone +79161234507 +79161234599 staff:operator"], history);
        var found = await browser.GetStringAsync("/office/contracts?q=" + Uri.EscapeDataString("8 916 123-45-99"), Cancel);
        Assert.Contains(">Д-2024/0007</a>", found, StringComparison.Ordinal);

        response = await browser.HtmxPostAsync($"/office/contracts/{id}", $"/office/contracts/{id}?handler=Contacts", fields);
        Assert.Contains("Контакты не изменились", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(2L, await Db.ScalarAsync<long>($"select count(*) from contracts.consumer_contact_changes h join contracts.contracts c on c.consumer_id = h.consumer_id where c.id = {id}"));
    }

    public static TheoryData<string, string, string> BadConclusions => new()
    {
        { "Form.BuildingAddress", "г. Нигде, ул. Несуществующая, д. 1", "нет в справочнике" },
        { "Form.Phone", "12345", "не номер телефона" },
        { "Form.Email", "ivan@", "не адрес электронной почты" },
        { "Form.Email", "IVANOV.SP@example.ru", "уже указан у другого потребителя (договор Д-2024/0001)" },
        { "Form.ContractNumber", "Д-2024/0001", "Договор с номером Д-2024/0001 уже есть" },
        { "Form.PremisesNumber", "6", "В этом помещении уже открыты счета: Электроснабжение (" },
        { "Form.Area", "", "укажите площадь" },
        { "Form.StartsOn", "1999-01-01", "Дата начала должна быть не раньше" },
        { "Form.Services[0]", "", "Выберите хотя бы одну услугу" },
        { "Form.Services[0]", "gas", "Услуги «gas» нет" },
        { "Form.FullName", "", "Укажите ФИО потребителя" },
    };

    [Theory]
    [MemberData(nameof(BadConclusions))]
    public async Task Bad_input_for_a_conclusion_gives_its_message_and_writes_nothing(string field, string value, string message)
    {
        var browser = await OperatorAsync();
        var fields = Conclusion("301", "electricity");
        fields["Form.FullName"] = "Проверкин Пётр Петрович";
        if (field == "Form.PremisesNumber")
            fields["Form.BuildingAddress"] = Sadovaya;
        fields[field] = value;
        var before = await CountsAsync();

        var response = await browser.HtmxPostAsync(NewPage, NewPage, fields);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("class=\"error\" role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData("Terminate", "EndsOn", "2024-02-28", "не может быть раньше начала договора (01.03.2024)")]
    [InlineData("Terminate", "EndsOn", "2099-01-01", "не может быть позже")]
    [InlineData("Terminate", "EndsOn", "", "Укажите дату расторжения")]
    [InlineData("Contacts", "Phone", "8 (916) 12", "не номер телефона")]
    [InlineData("Contacts", "Email", "petrova.mi@example.ru", "уже указан у другого потребителя (договор Д-2024/0002)")]
    public async Task Bad_input_on_the_card_gives_its_message_and_writes_nothing(string handler, string field, string value, string message)
    {
        var browser = await OperatorAsync();
        var id = await ContractIdAsync("Д-2024/0011");
        var fields = new Dictionary<string, string> { [field] = value };
        if (handler == "Contacts")
            fields[field == "Phone" ? "Email" : "Phone"] = field == "Phone" ? "volkov.ao@example.ru" : "+79161234511";
        var before = await CountsAsync();

        var response = await browser.HtmxPostAsync($"/office/contracts/{id}", $"/office/contracts/{id}?handler={handler}", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Unknown_contract_is_a_friendly_404()
    {
        var browser = await OperatorAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/office/contracts/999999999", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/office/contracts/999999999/pdf", Cancel)).StatusCode);
    }

    [Fact]
    public async Task An_accountant_reads_contracts_but_cannot_conclude_terminate_change_or_issue_codes()
    {
        var browser = await OperatorAsync("accountant");
        var id = await ContractIdAsync("Д-2024/0010");
        var card = await browser.GetStringAsync($"/office/contracts/{id}", Cancel);
        Assert.Contains("Д-2024/0010", card, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Terminate", card, StringComparison.Ordinal);
        Assert.DoesNotContain("/office/contracts/new", await browser.GetStringAsync("/office/contracts", Cancel), StringComparison.Ordinal);
        var before = await CountsAsync();

        var form = await browser.GetAsync(NewPage, Cancel);
        Assert.Contains("/office/denied", form.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var fields = Conclusion("401", "electricity");
        fields["Form.FullName"] = "Бухгалтерова Нина Ивановна";
        foreach (var (url, post) in new[]
                 {
                     (NewPage, fields),
                     ($"/office/contracts/{id}?handler=Terminate", new Dictionary<string, string> { ["EndsOn"] = "2030-01-01" }),
                     ($"/office/contracts/{id}?handler=Contacts", new Dictionary<string, string> { ["Email"] = "x@example.ru" }),
                     ($"/office/contracts/{id}/pdf", new Dictionary<string, string>()),
                 })
        {
            var response = await browser.PostFormAsync("/office", url, post);
            Assert.Contains("/office/denied", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal(before, await CountsAsync());
    }

    [GeneratedRegex(@"/office/contracts/(\d+)\?")]
    private static partial Regex RedirectId();

    [GeneratedRegex(@"Код активации: ([A-Z2-9]{4}-[A-Z2-9]{4})")]
    private static partial Regex ActivationCode();
}
