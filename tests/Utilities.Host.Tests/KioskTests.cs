using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>A clock the test moves forward, for idle timeouts.</summary>
public sealed class ShiftableClock : TimeProvider
{
    public TimeSpan Shift { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
}

/// <summary>
/// Kiosk terminals over HTTP: only paired terminals open kiosk pages; a consumer signs in with a
/// contract number + SMS code or an account number + the kiosk PIN; the session ends when idle
/// (default 90 s) or when the next person starts.
/// </summary>
public sealed partial class KioskTests(HostFixture host) : IClassFixture<HostFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<string> PairingLinkAsync(string name)
    {
        var admin = host.Factory.CreateBrowser();
        await admin.SignInAsync("admin", "admin-demo");
        var page = await admin.PostFormAsync("/office/kiosks", "/office/kiosks?handler=Register", new Dictionary<string, string> { ["Name"] = name });
        var html = await page.Content.ReadAsStringAsync(Cancel);
        var link = PairingLink().Match(html);
        Assert.True(link.Success, "the pairing link is shown");
        return new Uri(WebUtility.HtmlDecode(link.Groups[1].Value)).PathAndQuery;
    }

    private static async Task PairAsync(HttpClient terminal, string link)
    {
        var paired = await terminal.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, paired.StatusCode);
        Assert.Contains("Терминал привязан", await paired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> LastSmsCodeAsync(string phone) =>
        SixDigits().Match((await Db.ScalarAsync<string>(
            "select body from notifications.sent_messages where channel = 'sms' and recipient = @p order by id desc limit 1", ("p", phone)))!).Value;

    [Fact]
    public async Task Kiosk_pages_open_only_on_a_paired_terminal_and_a_revoked_one_is_refused()
    {
        var stranger = host.Factory.CreateBrowser();
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync("/kiosk", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync("/kiosk/pair?token=forged", Cancel)).StatusCode);

        var terminal = host.Factory.CreateBrowser();
        var link = await PairingLinkAsync("Терминал у входа");
        await PairAsync(terminal, link);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Factory.CreateBrowser().GetAsync(link, Cancel)).StatusCode); // the link works once
        var start = await terminal.GetAsync("/kiosk", Cancel);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var html = await start.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("class=\"keypad\"", html, StringComparison.Ordinal);
        Assert.Contains("/js/kiosk.js", html, StringComparison.Ordinal);

        var id = await Db.ScalarAsync<long>("select id from contracts.kiosk_terminals where name = 'Терминал у входа'");
        var admin = host.Factory.CreateBrowser();
        await admin.SignInAsync("admin", "admin-demo");
        await admin.PostFormAsync("/office/kiosks", $"/office/kiosks?handler=Revoke&id={id}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await terminal.GetAsync("/kiosk", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Times_are_shown_in_the_organisations_time_zone_not_the_servers()
    {
        await PairingLinkAsync("Терминал со временем");
        await Db.ExecuteAsync("update contracts.kiosk_terminals set registered_at = '2026-01-15 09:30:00+00' where name = 'Терминал со временем'");
        var admin = host.Factory.CreateBrowser();
        await admin.SignInAsync("admin", "admin-demo");

        var html = await admin.GetStringAsync("/office/kiosks", Cancel);

        Assert.Contains("15.01.2026 12:30", html, StringComparison.Ordinal); // Europe/Moscow, UTC+3
    }

    [Fact]
    public async Task Only_an_administrator_registers_terminals()
    {
        var operatorBrowser = host.Factory.CreateBrowser();
        await operatorBrowser.SignInAsync("operator", "operator-demo");
        var response = await operatorBrowser.GetAsync("/office/kiosks", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/office/denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consumer_signs_in_with_contract_number_and_SMS_code_and_the_next_person_ends_the_session()
    {
        var terminal = host.Factory.CreateBrowser();
        await PairAsync(terminal, await PairingLinkAsync("Терминал 2"));

        var asked = await terminal.PostFormAsync("/kiosk", "/kiosk?handler=Start", new Dictionary<string, string> { ["Login"] = "Д-2024/0002" });
        Assert.Contains("Код отправлен по SMS на +7***4502", WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync(Cancel)), StringComparison.Ordinal);
        var code = await LastSmsCodeAsync("+79161234502");

        var wrong = await terminal.PostFormAsync("/kiosk", "/kiosk?handler=Verify",
            new Dictionary<string, string> { ["Login"] = "Д-2024/0002", ["Code"] = code == "000000" ? "111111" : "000000" });
        Assert.Contains("Код или ПИН не подходит", await wrong.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        var signedIn = await terminal.PostFormAsync("/kiosk", "/kiosk?handler=Verify", new Dictionary<string, string> { ["Login"] = "Д-2024/0002", ["Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain("expires=", string.Join(";", signedIn.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("utilities.kiosk=", StringComparison.Ordinal))), StringComparison.OrdinalIgnoreCase);
        var session = await terminal.GetStringAsync("/kiosk/session", Cancel);
        Assert.Contains("Петрова Мария Ивановна", session, StringComparison.Ordinal);
        Assert.Contains("data-idle-seconds=\"90\"", session, StringComparison.Ordinal);

        await terminal.GetAsync("/kiosk", Cancel); // the next person starts
        Assert.Equal(HttpStatusCode.Redirect, (await terminal.GetAsync("/kiosk/session", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_consumer_signs_in_with_an_account_number_and_the_kiosk_PIN_set_in_the_cabinet_and_idle_time_ends_the_session()
    {
        var cabinet = host.Factory.CreateBrowser();
        var signIn = await cabinet.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = "sidorov.an@example.ru", ["Password"] = "cabinet-demo" });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var badPin = await cabinet.PostFormAsync("/cabinet/profile", "/cabinet/profile?handler=Pin", new Dictionary<string, string> { ["Pin"] = "1111" });
        Assert.Contains("не все одинаковые", await badPin.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var pin = await cabinet.PostFormAsync("/cabinet/profile", "/cabinet/profile?handler=Pin", new Dictionary<string, string> { ["Pin"] = "4826" });
        Assert.Contains("ПИН-код для киоска сохранён", await pin.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var account = await Db.ScalarAsync<string>("""
            select a.number from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            join contracts.consumers p on p.id = c.consumer_id where p.email = 'sidorov.an@example.ru' and a.utility = 'heating'
            """);

        var clock = new ShiftableClock();
        await using var kioskHost = host.Factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));
        var terminal = kioskHost.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await PairAsync(terminal, await PairingLinkAsync("Терминал 3"));
        await terminal.PostFormAsync("/kiosk", "/kiosk?handler=Start", new Dictionary<string, string> { ["Login"] = account! });
        var signedIn = await terminal.PostFormAsync("/kiosk", "/kiosk?handler=Verify", new Dictionary<string, string> { ["Login"] = account!, ["Code"] = "4826" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        clock.Shift = TimeSpan.FromSeconds(60);
        Assert.Equal(HttpStatusCode.OK, (await terminal.GetAsync("/kiosk/session", Cancel)).StatusCode); // a touch keeps it alive
        clock.Shift = TimeSpan.FromSeconds(120);
        Assert.Equal(HttpStatusCode.OK, (await terminal.GetAsync("/kiosk/session", Cancel)).StatusCode);
        clock.Shift = TimeSpan.FromSeconds(120 + 91);
        var idle = await terminal.GetAsync("/kiosk/session", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, idle.StatusCode);
        Assert.StartsWith("/kiosk", idle.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_and_malformed_identifiers_get_messages_and_no_code_is_sent()
    {
        var terminal = host.Factory.CreateBrowser();
        await PairAsync(terminal, await PairingLinkAsync("Терминал 4"));
        var sent = await Db.ScalarAsync<long>("select count(*) from notifications.sent_messages");

        var unknown = await terminal.PostFormAsync("/kiosk", "/kiosk?handler=Start", new Dictionary<string, string> { ["Login"] = "9999999" });
        var phone = await terminal.PostFormAsync("/kiosk", "/kiosk?handler=Start", new Dictionary<string, string> { ["Login"] = "8 (123) 45" });

        Assert.Contains("не найден", await unknown.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Contains("Номер телефона не распознан", await phone.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(sent, await Db.ScalarAsync<long>("select count(*) from notifications.sent_messages"));
    }

    [GeneratedRegex("data-pairing-link>([^<]+)<")]
    private static partial Regex PairingLink();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
