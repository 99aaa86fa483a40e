using System.Net;
using System.Text.RegularExpressions;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// Consumers' identity and cabinet over HTTP against PostgreSQL, with e-mail over real SMTP on
/// loopback: sign-in by e-mail, phone and contract number; activation with a sent code; lockout;
/// one cabinet, many accounts (attach with the account code, the holder told and revoking);
/// another's account answers 404.
/// </summary>
public sealed partial class ConsumerCabinetTests(MailingHostFixture host) : IClassFixture<MailingHostFixture>
{
    private const string Password = "cabinet-demo";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private static Dictionary<string, string> SignInFields(string login, string password) => new() { ["Login"] = login, ["Password"] = password };

    private async Task<HttpClient> SignedInAsync(string login, string password = Password)
    {
        var browser = host.Factory.CreateBrowser();
        var response = await browser.PostFormAsync("/sign-in", "/sign-in", SignInFields(login, password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/cabinet", response.Headers.Location!.OriginalString);
        return browser;
    }

    [Theory]
    [InlineData("ivanov.sp@example.ru")]
    [InlineData("IVANOV.SP@Example.RU ")]
    [InlineData("8 (916) 123-45-01")]
    [InlineData("+7 916 1234501")]
    [InlineData("9161234501")]
    [InlineData("Д-2024/0001")]
    [InlineData("д-2024/0001")]
    public async Task A_consumer_signs_in_with_email_phone_or_contract_number_and_sees_their_accounts(string login)
    {
        var browser = await SignedInAsync(login);

        var html = await browser.GetStringAsync("/cabinet", Cancel);

        Assert.Contains("Иванов Сергей Петрович", html, StringComparison.Ordinal);
        foreach (var number in await Db.ColumnAsync("""
                     select a.number from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
                     where c.number = 'Д-2024/0001'
                     """))
            Assert.Contains($">{number}</a>", html, StringComparison.Ordinal);
        Assert.Equal(4, AccountLink().Matches(html).Count);
    }

    [Fact]
    public async Task Bad_identifiers_get_clear_messages()
    {
        var browser = host.Factory.CreateBrowser();

        async Task<string> TryAsync(string login) =>
            await (await browser.PostFormAsync("/sign-in", "/sign-in", SignInFields(login, "whatever1"))).Content.ReadAsStringAsync(Cancel);

        Assert.Contains("Номер телефона не распознан", await TryAsync("12-34"), StringComparison.Ordinal);
        Assert.Contains("Адрес электронной почты написан с ошибкой", await TryAsync("ivanov@"), StringComparison.Ordinal);
        Assert.Contains("Неверный логин или пароль", await TryAsync("nobody@example.ru"), StringComparison.Ordinal);
        Assert.Contains("Неверный логин или пароль", await TryAsync("Д-1999/9999"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_login_even_for_the_right_one()
    {
        var browser = host.Factory.CreateBrowser();
        for (var i = 0; i < 4; i++)
        {
            var wrong = await browser.PostFormAsync("/sign-in", "/sign-in", SignInFields("morozova.ty@example.ru", "wrong-password"));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var fifth = await browser.PostFormAsync("/sign-in", "/sign-in", SignInFields("morozova.ty@example.ru", "wrong-password"));
        Assert.Contains("Вход заблокирован на 15 мин", await fifth.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        var right = await browser.PostFormAsync("/sign-in", "/sign-in", SignInFields("morozova.ty@example.ru", Password));
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.True(await Db.ScalarAsync<bool>(
            "select l.locked_until > now() from contracts.consumer_logins l join contracts.consumers c on c.id = l.consumer_id where c.email = 'morozova.ty@example.ru'"));
    }

    [Fact]
    public async Task First_sign_in_with_a_code_sent_by_email_and_the_code_cannot_be_used_twice()
    {
        const string email = "solovieva.ip@example.ru"; // the demo's one consumer without an activated cabinet
        var browser = host.Factory.CreateBrowser();

        var notYet = await browser.PostFormAsync("/sign-in", "/sign-in", SignInFields(email, "new-password-1"));
        Assert.Contains("Кабинет ещё не активирован", await notYet.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        var sent = await browser.PostFormAsync("/activate", "/activate?handler=Send", new Dictionary<string, string> { ["Login"] = email });
        Assert.Contains("Код отправлен: s***@example.ru", await sent.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var mail = await host.Smtp.WaitForAsync(email);
        var code = SixDigits().Match(mail.TextBody ?? string.Empty).Value;
        Assert.Equal(6, code.Length);
        Assert.DoesNotContain(code, string.Join(",", await Db.ColumnAsync("select code_hash from contracts.one_time_codes")).Split(',', ':'));
        var again = await browser.PostFormAsync("/activate", "/activate?handler=Send", new Dictionary<string, string> { ["Login"] = email });
        Assert.Contains("Код уже отправлен недавно", await again.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Single(host.Smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == email));

        Dictionary<string, string> Activation(string typed) => new()
        {
            ["Login"] = email, ["Code"] = typed, ["Password"] = "new-password-1", ["Repeat"] = "new-password-1",
        };
        var wrong = await browser.PostFormAsync("/activate", "/activate", Activation(code == "000000" ? "111111" : "000000"));
        Assert.Contains("Код не подходит", await wrong.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(0L, await Db.ScalarAsync<long>(
            "select count(*) from contracts.consumer_logins l join contracts.consumers c on c.id = l.consumer_id where c.email = @e", ("e", email)));

        var done = await browser.PostFormAsync("/activate", "/activate", Activation(code));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        await SignedInAsync(email, "new-password-1");

        var reused = await browser.PostFormAsync("/activate", "/activate", Activation(code));
        Assert.Contains("Действующего кода нет", await reused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activation_refuses_unknown_identifiers_and_short_passwords_and_changes_nothing()
    {
        var browser = host.Factory.CreateBrowser();
        var codes = await Db.ScalarAsync<long>("select count(*) from contracts.one_time_codes");

        var unknown = await browser.PostFormAsync("/activate", "/activate?handler=Send", new Dictionary<string, string> { ["Login"] = "nobody@example.ru" });
        Assert.Contains("Договор с такой почтой, телефоном или номером не найден", await unknown.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var shortPassword = await browser.PostFormAsync("/activate", "/activate", new Dictionary<string, string>
        {
            ["Login"] = "+79161234512", ["Code"] = "123456", ["Password"] = "short", ["Repeat"] = "short",
        });
        Assert.Contains("не короче 8 символов", await shortPassword.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        Assert.Equal(codes, await Db.ScalarAsync<long>("select count(*) from contracts.one_time_codes"));
    }

    [Fact]
    public async Task Another_persons_account_answers_404_and_the_cabinet_sees_only_its_own()
    {
        var browser = await SignedInAsync("petrova.mi@example.ru");
        var own = await Db.ScalarAsync<long>("""
            select a.id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            join contracts.consumers p on p.id = c.consumer_id where p.email = 'petrova.mi@example.ru' limit 1
            """);
        var others = await Db.ScalarAsync<long>("""
            select a.id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            join contracts.consumers p on p.id = c.consumer_id where p.email = 'sidorov.an@example.ru' limit 1
            """);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/cabinet/accounts/{own}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/cabinet/accounts/{others}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/cabinet/accounts/999999999", Cancel)).StatusCode);
        var stranger = await host.Factory.CreateBrowser().GetAsync($"/cabinet/accounts/{own}", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, stranger.StatusCode);
        Assert.StartsWith("/sign-in", stranger.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_is_attached_with_its_code_the_holder_is_told_and_can_revoke_it()
    {
        var (accountId, number, attachCode) = await AccountOfAsync("kuznetsova.ov@example.ru");
        var smirnov = await SignedInAsync("smirnov.da@example.ru");
        var attachments = await Db.ScalarAsync<long>("select count(*) from contracts.cabinet_attachments");

        var wrong = await smirnov.PostFormAsync("/cabinet", "/cabinet?handler=Attach",
            new Dictionary<string, string> { ["Number"] = number, ["Code"] = attachCode == "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA" });
        Assert.Contains("Номер лицевого счёта или код счёта не подходят", await wrong.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(attachments, await Db.ScalarAsync<long>("select count(*) from contracts.cabinet_attachments"));
        Assert.Equal(HttpStatusCode.NotFound, (await smirnov.GetAsync($"/cabinet/accounts/{accountId}", Cancel)).StatusCode);

        var right = await smirnov.PostFormAsync("/cabinet", "/cabinet?handler=Attach",
            new Dictionary<string, string> { ["Number"] = number, ["Code"] = attachCode.ToLowerInvariant().Insert(4, "-") });
        Assert.Contains($"Лицевой счёт {number} добавлен в кабинет", await right.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await smirnov.GetAsync($"/cabinet/accounts/{accountId}", Cancel)).StatusCode);
        var told = await host.Smtp.WaitForAsync("kuznetsova.ov@example.ru", m => m.TextBody?.Contains(number, StringComparison.Ordinal) == true);
        Assert.Contains("добавлен в другой личный кабинет", told.TextBody ?? string.Empty, StringComparison.Ordinal);

        var holder = await SignedInAsync("kuznetsova.ov@example.ru");
        var access = await holder.GetStringAsync("/cabinet/access", Cancel);
        Assert.Contains("Смирнов Д. А.", access, StringComparison.Ordinal);
        var attachment = await Db.ScalarAsync<long>("select id from contracts.cabinet_attachments where account_id = @a and detached_at is null", ("a", accountId));
        var revoked = await holder.PostFormAsync("/cabinet/access", $"/cabinet/access?handler=Revoke&attachment={attachment}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await smirnov.GetAsync($"/cabinet/accounts/{accountId}", Cancel)).StatusCode);
        Assert.Equal("holder", await Db.ScalarAsync<string>("select detached_by from contracts.cabinet_attachments where id = @i", ("i", attachment)));
    }

    [Fact]
    public async Task A_stranger_cannot_revoke_or_detach_what_is_not_theirs()
    {
        var (accountId, number, attachCode) = await AccountOfAsync("popov.iv@example.ru");
        var novikova = await SignedInAsync("novikova.aa@example.ru");
        await novikova.PostFormAsync("/cabinet", "/cabinet?handler=Attach", new Dictionary<string, string> { ["Number"] = number, ["Code"] = attachCode });
        var attachment = await Db.ScalarAsync<long>("select id from contracts.cabinet_attachments where account_id = @a and detached_at is null", ("a", accountId));

        var stranger = await SignedInAsync("volkov.ao@example.ru");
        var revoke = await stranger.PostFormAsync("/cabinet/access", $"/cabinet/access?handler=Revoke&attachment={attachment}", new Dictionary<string, string>());
        var detach = await stranger.PostFormAsync("/cabinet", $"/cabinet/accounts/{accountId}?handler=Detach", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, detach.StatusCode);
        Assert.True(await Db.ScalarAsync<bool>("select detached_at is null from contracts.cabinet_attachments where id = @i", ("i", attachment)));
    }

    [Fact]
    public async Task A_consumer_changes_their_email_after_confirming_a_code_sent_to_it_and_signs_in_with_it()
    {
        var browser = await SignedInAsync("fedorov.ni@example.ru");
        var before = await Db.ScalarAsync<long>("select count(*) from contracts.consumer_contact_changes");

        var bad = await browser.PostFormAsync("/cabinet/profile", "/cabinet/profile?handler=Request", new Dictionary<string, string> { ["Kind"] = "phone", ["Value"] = "916-12" });
        Assert.Contains("Номер телефона не распознан", await bad.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var taken = await browser.PostFormAsync("/cabinet/profile", "/cabinet/profile?handler=Request", new Dictionary<string, string> { ["Kind"] = "email", ["Value"] = "ivanov.sp@example.ru" });
        Assert.Contains("указан в договоре другого человека", await taken.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        var requested = await browser.PostFormAsync("/cabinet/profile", "/cabinet/profile?handler=Request", new Dictionary<string, string> { ["Kind"] = "email", ["Value"] = "N.Fedorov@Example.org" });
        Assert.Contains("Код отправлен: n***@example.org", await requested.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var code = SixDigits().Match((await host.Smtp.WaitForAsync("n.fedorov@example.org")).TextBody ?? string.Empty).Value;
        Assert.Equal("fedorov.ni@example.ru", await Db.ScalarAsync<string>("select email from contracts.consumers where full_name = 'Фёдоров Николай Ильич'"));

        var confirmed = await browser.PostFormAsync("/cabinet/profile", "/cabinet/profile?handler=Confirm", new Dictionary<string, string> { ["Code"] = code });
        Assert.Contains("Контакт изменён", await confirmed.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        Assert.Equal("n.fedorov@example.org", await Db.ScalarAsync<string>("select email from contracts.consumers where full_name = 'Фёдоров Николай Ильич'"));
        Assert.Equal(before + 1, await Db.ScalarAsync<long>("select count(*) from contracts.consumer_contact_changes"));
        Assert.Equal("fedorov.ni@example.ru", await Db.ScalarAsync<string>("select old_value from contracts.consumer_contact_changes order by id desc limit 1"));
        await host.Smtp.WaitForAsync("fedorov.ni@example.ru", m => m.Subject == "Контакт в личном кабинете изменён");
        await SignedInAsync("n.fedorov@example.org");
        var old = await host.Factory.CreateBrowser().PostFormAsync("/sign-in", "/sign-in", SignInFields("fedorov.ni@example.ru", Password));
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
    }

    private async Task<(long Id, string Number, string AttachCode)> AccountOfAsync(string email)
    {
        var id = await Db.ScalarAsync<long>("""
            select a.id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            join contracts.consumers p on p.id = c.consumer_id where p.email = @e and a.utility = 'electricity'
            """, ("e", email));
        return (id,
            (await Db.ScalarAsync<string>("select number from contracts.personal_accounts where id = @i", ("i", id)))!,
            (await Db.ScalarAsync<string>("select attach_code from contracts.personal_accounts where id = @i", ("i", id)))!);
    }

    [GeneratedRegex(@"href=""/cabinet/accounts/\d+""")]
    private static partial Regex AccountLink();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
