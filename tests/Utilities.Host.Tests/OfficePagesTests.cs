using System.Net;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>The back office as a person uses it: sign-in, each module's page, search, language.</summary>
public sealed class OfficePagesTests(HostFixture host) : IClassFixture<HostFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/office/contracts", "Договоры и лицевые счета")]
    [InlineData("/office/metering", "Приборы учёта")]
    [InlineData("/office/billing", "Тарифы")]
    [InlineData("/office/repair-fund", "Фонды капитального ремонта")]
    [InlineData("/office/notifications", "Отключения и уведомления")]
    public async Task Each_module_page_shows_its_demo_data_to_an_operator(string path, string heading)
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("operator", "operator-demo");

        var response = await browser.GetAsync(path, Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<h1>{heading}</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<tbody>", html, StringComparison.Ordinal);
        Assert.Contains("<td>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{path}\" aria-current=\"page\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Office_pages_send_strangers_to_sign_in()
    {
        var response = await host.Factory.CreateBrowser().GetAsync("/office/contracts", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/office/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_message_and_five_failures_lock_the_login()
    {
        var browser = host.Factory.CreateBrowser();
        var fields = new Dictionary<string, string> { ["Login"] = "accountant", ["Password"] = "wrong" };

        var response = await browser.PostFormAsync("/office/sign-in", "/office/sign-in", fields);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Неверный логин или пароль", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        for (var i = 0; i < 4; i++)
            await browser.PostFormAsync("/office/sign-in", "/office/sign-in", fields);
        var correct = await browser.PostFormAsync("/office/sign-in", "/office/sign-in",
            new Dictionary<string, string> { ["Login"] = "accountant", ["Password"] = "accountant-demo" });
        Assert.Equal(HttpStatusCode.Unauthorized, correct.StatusCode);
    }

    [Fact]
    public async Task A_post_without_antiforgery_token_is_refused()
    {
        var browser = host.Factory.CreateBrowser();
        var response = await browser.PostAsync("/office/sign-in",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Login"] = "admin", ["Password"] = "admin-demo" }), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("1000001", 1)]
    [InlineData("Садовая", 4)]
    [InlineData("+79161234505", 1)]
    [InlineData("petrova.mi@", 1)]
    [InlineData("Д-2024/0003", 1)]
    [InlineData("нет такого", 0)]
    public async Task Operator_finds_contracts_by_any_identifier(string query, int expected)
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("operator", "operator-demo");

        var html = await browser.GetStringAsync("/office/contracts?q=" + Uri.EscapeDataString(query), Cancel);

        Assert.Contains($"Найдено: {expected}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interface_switches_to_English_and_keeps_russian_formats()
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("operator", "operator-demo");

        var switched = await browser.PostFormAsync("/office/billing", "/culture",
            new Dictionary<string, string> { ["ui"] = "en", ["returnUrl"] = "/office/billing" });
        Assert.Equal("/office/billing", switched.Headers.Location?.OriginalString);
        var html = await browser.GetStringAsync("/office/billing", Cancel);

        Assert.Contains("<h1>Tariffs</h1>", html, StringComparison.Ordinal);
        Assert.Contains("6,43 ₽/кВт·ч", html, StringComparison.Ordinal); // ru-RU decimal comma stays
    }

    [Fact]
    public async Task Unknown_page_gets_a_friendly_404_without_internals()
    {
        var response = await host.Factory.CreateBrowser().GetAsync("/office/no-such-page", Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Страница не найдена", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_ends_the_staff_session()
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("operator", "operator-demo");

        var response = await browser.PostFormAsync("/office", "/office/sign-out", new Dictionary<string, string>());

        Assert.Equal("/office/sign-in", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/office/contracts", Cancel)).StatusCode);
    }
}
