using System.Net;
using System.Text.RegularExpressions;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>The administrator's pages for API clients and staff users.</summary>
public sealed partial class AdministrationPagesTests(HostFixture host) : IClassFixture<HostFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<HttpClient> SignedInAsync(string login, string password)
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync(login, password);
        return browser;
    }

    private HttpClient Api(string key)
    {
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static List<KeyValuePair<string, string>> Fields(params (string Name, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();

    [Fact]
    public async Task An_administrator_creates_a_client_whose_key_is_shown_once_and_works_until_revoked()
    {
        var admin = await SignedInAsync("admin", "admin-demo");

        var response = await admin.PostFormAsync("/office/api-clients", "/office/api-clients",
            Fields(("Name", "Водоканал: выгрузка"), ("Scopes", "contracts:read"), ("Scopes", "metering:read")));
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var key = KeyPattern().Match(html).Groups[1].Value;
        Assert.StartsWith("uk_", key, StringComparison.Ordinal);
        Assert.Contains("Скопируйте его сейчас", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Api(key).GetAsync("/odata/Meters", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api(key).GetAsync("/odata/Tariffs", Cancel)).StatusCode);

        var list = await admin.GetStringAsync("/office/api-clients", Cancel);
        Assert.Contains("Водоканал: выгрузка", list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);

        var id = await host.Database.ScalarAsync<long>("select id from platform.api_clients where name = 'Водоканал: выгрузка'");
        var revoke = await admin.PostFormAsync("/office/api-clients", "/office/api-clients?handler=Revoke", Fields(("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api(key).GetAsync("/odata/Meters", Cancel)).StatusCode);
        Assert.Equal(2L, await host.Database.ScalarAsync<long>(
            "select count(*) from platform.audit_log where action in ('api-client.created', 'api-client.revoked') and actor = 'staff:admin' and details like 'Водоканал%'"));
    }

    [Theory]
    [InlineData("", "contracts:read", "Укажите название клиента")]
    [InlineData("Банк", "", "Отметьте хотя бы одно право")]
    [InlineData("Банк", "payroll:read", "Такого права нет")]
    public async Task Bad_client_input_gets_a_clear_message_and_creates_nothing(string name, string scope, string message)
    {
        var admin = await SignedInAsync("admin", "admin-demo");
        var before = await host.Database.ScalarAsync<long>("select count(*) from platform.api_clients");
        var fields = Fields(("Name", name));
        if (scope.Length > 0)
            fields.Add(new("Scopes", scope));

        var response = await admin.PostFormAsync("/office/api-clients", "/office/api-clients", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(before, await host.Database.ScalarAsync<long>("select count(*) from platform.api_clients"));
    }

    [Theory]
    [InlineData("abc", "", "Код поставщика — целое положительное число")]
    [InlineData("-5", "", "Код поставщика — целое положительное число")]
    [InlineData("", "gas-of-mars", "Такой услуги нет")]
    public async Task A_bad_data_scope_gets_a_clear_message_and_creates_nothing(string supplier, string utility, string message)
    {
        var admin = await SignedInAsync("admin", "admin-demo");
        var before = await host.Database.ScalarAsync<long>("select count(*) from platform.api_clients");

        var response = await admin.PostFormAsync("/office/api-clients", "/office/api-clients",
            Fields(("Name", "Поставщик"), ("Scopes", "contracts:read"), ("SupplierId", supplier), ("Utility", utility)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(before, await host.Database.ScalarAsync<long>("select count(*) from platform.api_clients"));
    }

    [Fact]
    public async Task A_client_bound_to_a_service_on_the_form_sees_only_that_service()
    {
        var admin = await SignedInAsync("admin", "admin-demo");
        var response = await admin.PostFormAsync("/office/api-clients", "/office/api-clients",
            Fields(("Name", "Энергосбыт: счета"), ("Scopes", "contracts:read"), ("Utility", "electricity")));
        var key = KeyPattern().Match(await response.Content.ReadAsStringAsync(Cancel)).Groups[1].Value;
        Assert.StartsWith("uk_", key, StringComparison.Ordinal);

        var accounts = System.Text.Json.JsonDocument.Parse(await Api(key).GetStringAsync("/odata/Accounts?$select=Utility", Cancel)).RootElement.GetProperty("value");
        Assert.True(accounts.GetArrayLength() > 0);
        Assert.All(accounts.EnumerateArray(), a => Assert.Equal("electricity", a.GetProperty("Utility").GetString()));
        Assert.Contains("услуга electricity", await admin.GetStringAsync("/office/api-clients", Cancel), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("operator", "operator-demo")]
    [InlineData("accountant", "accountant-demo")]
    public async Task Staff_without_the_administrator_role_are_denied_both_pages(string login, string password)
    {
        var browser = await SignedInAsync(login, password);

        foreach (var path in new[] { "/office/api-clients", "/office/staff" })
        {
            var response = await browser.GetAsync(path, Cancel);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/office/denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        var office = await browser.GetStringAsync("/office", Cancel);
        Assert.DoesNotContain("href=\"/office/api-clients\"", office, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/office/staff\"", office, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_administrators_menu_has_both_pages_in_russian_and_english()
    {
        var admin = await SignedInAsync("admin", "admin-demo");

        var office = await admin.GetStringAsync("/office", Cancel);
        Assert.Contains("<a href=\"/office/api-clients\">Клиенты API</a>", office, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/office/staff\">Сотрудники</a>", office, StringComparison.Ordinal);

        await admin.PostFormAsync("/office/staff", "/culture", new Dictionary<string, string> { ["ui"] = "en", ["returnUrl"] = "/office/staff" });
        var english = await admin.GetStringAsync("/office/staff", Cancel);
        Assert.Contains("<h1>Staff</h1>", english, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/office/api-clients\">API clients</a>", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Role_changes_and_deactivation_take_effect_on_the_users_next_request()
    {
        var admin = await SignedInAsync("admin", "admin-demo");
        var created = await admin.PostFormAsync("/office/staff", "/office/staff?handler=Create",
            Fields(("Login", "Kassir1"), ("DisplayName", "Кассир Зоя Белова"), ("Password", "kassir-pass-1"), ("Roles", "operator")));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("{operator}", await host.Database.ScalarAsync<string>("select roles::text from platform.staff_users where login = 'kassir1'"));

        var user = await SignedInAsync("kassir1", "kassir-pass-1");
        Assert.Equal(HttpStatusCode.Redirect, (await user.GetAsync("/office/settings", Cancel)).StatusCode);

        var id = (await host.Database.ScalarAsync<long>("select id from platform.staff_users where login = 'kassir1'")).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var changed = await admin.PostFormAsync("/office/staff", "/office/staff?handler=Change",
            Fields(("Id", id), ("Roles", "operator"), ("Roles", "administrator"), ("Active", "true")));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/office/settings", Cancel)).StatusCode);

        var deactivated = await admin.PostFormAsync("/office/staff", "/office/staff?handler=Change", Fields(("Id", id), ("Roles", "operator")));
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        var after = await user.GetAsync("/office/contracts", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/office/sign-in", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(2L, await host.Database.ScalarAsync<long>(
            "select count(*) from platform.audit_log where action = 'staff.changed' and subject = 'staff:kassir1' and actor = 'staff:admin'"));
    }

    [Fact]
    public async Task An_administrator_cannot_take_their_own_administrator_role()
    {
        var admin = await SignedInAsync("admin", "admin-demo");
        var id = (await host.Database.ScalarAsync<long>("select id from platform.staff_users where login = 'admin'")).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await admin.PostFormAsync("/office/staff", "/office/staff?handler=Change",
            Fields(("Id", id), ("Roles", "operator"), ("Active", "true")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Нельзя снять с себя роль администратора", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Contains("administrator", await host.Database.ScalarAsync<string>("select roles::text from platform.staff_users where login = 'admin'"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x", "Имя", "long-enough-1", "operator", "Логин: от 2 до 100")]
    [InlineData("operator", "Имя", "long-enough-1", "operator", "Такой логин уже есть")]
    [InlineData("newbie", "", "long-enough-1", "operator", "Укажите ФИО")]
    [InlineData("newbie", "Имя", "short", "operator", "не короче 8 символов")]
    [InlineData("newbie", "Имя", "long-enough-1", "", "Отметьте хотя бы одну роль")]
    [InlineData("newbie", "Имя", "long-enough-1", "superuser", "Такой роли нет")]
    public async Task Bad_staff_input_gets_a_clear_message_and_writes_nothing(string login, string name, string password, string role, string message)
    {
        var admin = await SignedInAsync("admin", "admin-demo");
        var before = await host.Database.ScalarAsync<long>("select count(*) from platform.staff_users");
        var fields = Fields(("Login", login), ("DisplayName", name), ("Password", password));
        if (role.Length > 0)
            fields.Add(new("Roles", role));

        var response = await admin.PostFormAsync("/office/staff", "/office/staff?handler=Create", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(before, await host.Database.ScalarAsync<long>("select count(*) from platform.staff_users"));
    }

    [GeneratedRegex("<code id=\"api-key\">([^<]+)</code>")]
    private static partial Regex KeyPattern();
}
