using System.Net;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// The three shells: htmx served from the app with its licence, the htmx configuration that
/// keeps requests on this origin and carries the antiforgery token, one handler for a page and
/// its fragment, and htmx posts refused without the token.
/// </summary>
public sealed class UiShellTests(HostFixture host) : IClassFixture<HostFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/", "shell-cabinet")]
    [InlineData("/kiosk/pair?token=unknown", "shell-kiosk")] // answered 403 (not a terminal), in the kiosk shell
    [InlineData("/office/sign-in", "shell-office")]
    public async Task Every_shell_loads_the_vendored_htmx_with_a_safe_configuration(string path, string shell)
    {
        var html = await (await host.Factory.CreateBrowser().GetAsync(path, Cancel)).Content.ReadAsStringAsync(Cancel);

        Assert.Contains($"class=\"{shell}\"", html, StringComparison.Ordinal);
        Assert.Matches("<script src=\"/lib/htmx/htmx.min.js\\?v=[^\"]+\" defer>", html);
        Assert.Contains("<script src=\"/_htmx/antiforgery.js\" defer>", html, StringComparison.Ordinal);
        Assert.Contains("\"selfRequestsOnly\":true", html, StringComparison.Ordinal);
        Assert.Contains("\"allowEval\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"antiForgery\":{\"formFieldName\":\"__RequestVerificationToken\",\"headerName\":\"RequestVerificationToken\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Htmx_2_and_its_licence_and_the_antiforgery_script_are_served_from_the_app()
    {
        var browser = host.Factory.CreateBrowser();

        var script = await browser.GetStringAsync("/lib/htmx/htmx.min.js", Cancel);
        var licence = await browser.GetStringAsync("/lib/htmx/LICENSE.txt", Cancel);
        var antiforgery = await browser.GetStringAsync("/_htmx/antiforgery.js", Cancel);

        Assert.Contains("version:\"2.", script, StringComparison.Ordinal);
        Assert.Contains("Zero-Clause BSD", licence, StringComparison.Ordinal);
        Assert.Contains("htmx:configRequest", antiforgery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_handler_serves_the_page_and_its_fragment_and_says_it_varies_by_HX_Request()
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("operator", "operator-demo");

        var page = await browser.GetAsync("/office/billing", Cancel);
        using var fragmentRequest = new HttpRequestMessage(HttpMethod.Get, "/office/billing");
        fragmentRequest.Headers.Add("HX-Request", "true");
        var fragment = await browser.SendAsync(fragmentRequest, Cancel);
        var pageHtml = await page.Content.ReadAsStringAsync(Cancel);
        var fragmentHtml = await fragment.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        Assert.Contains("<html", pageHtml, StringComparison.Ordinal);
        Assert.Contains("class=\"topbar\"", pageHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", fragmentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"topbar\"", fragmentHtml, StringComparison.Ordinal);
        Assert.Contains("<div id=\"tariffs\">", fragmentHtml, StringComparison.Ordinal);
        Assert.Contains("<h1>Тарифы</h1>", fragmentHtml, StringComparison.Ordinal);
        Assert.Contains("HX-Request", page.Headers.Vary);
        Assert.Contains("HX-Request", fragment.Headers.Vary);
    }

    [Fact]
    public async Task A_boosted_htmx_request_still_gets_the_whole_page()
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("operator", "operator-demo");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/office/billing");
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Boosted", "true");

        var html = await (await browser.SendAsync(request, Cancel)).Content.ReadAsStringAsync(Cancel);

        Assert.Contains("<html", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_htmx_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("accountant", "accountant-demo");
        var tariff = await TariffPrices.ZonedElectricityTariffAsync(host.Database);
        var fields = TariffPrices.Fields(tariff, "T1", "8,88", TariffPrices.FirstOfNextMonth().AddMonths(1));

        var refused = await browser.HtmxPostAsync(TariffPrices.Page, TariffPrices.Post, fields, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("select count(*) from billing.tariff_versions where price = 8.88"));

        var accepted = await browser.HtmxPostAsync(TariffPrices.Page, TariffPrices.Post, fields);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("select count(*) from billing.tariff_versions where price = 8.88"));
    }

    [Fact]
    public async Task The_office_menu_is_composed_from_the_modules_and_follows_the_language()
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("operator", "operator-demo");

        var russian = await browser.GetStringAsync("/office", Cancel);
        await browser.PostFormAsync("/office", "/culture", new Dictionary<string, string> { ["ui"] = "en", ["returnUrl"] = "/office" });
        var english = await browser.GetStringAsync("/office", Cancel);

        Assert.Contains(">Тарифы</a>", russian, StringComparison.Ordinal);
        Assert.Contains(">Tariffs</a>", english, StringComparison.Ordinal);
        Assert.Contains("lang=\"en\"", english, StringComparison.Ordinal);
    }
}
