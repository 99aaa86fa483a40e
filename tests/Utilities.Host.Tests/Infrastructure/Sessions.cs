using System.Net;
using System.Text.RegularExpressions;

namespace Utilities.Host.Tests.Infrastructure;

/// <summary>Signed-in clients of each shell, made as a person would: the forms, the cookies, the kiosk pairing link.</summary>
public static partial class Sessions
{
    public const string ConsumerPassword = "cabinet-demo";

    public static async Task<HttpClient> ConsumerAsync(HostFactory factory, string login)
    {
        var browser = factory.CreateBrowser();
        var response = await browser.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = login, ["Password"] = ConsumerPassword });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    public static async Task<HttpClient> StaffAsync(HostFactory factory, string login)
    {
        var browser = factory.CreateBrowser();
        await browser.SignInAsync(login, login + "-demo");
        return browser;
    }

    /// <summary>A terminal paired by the administrator (no one signed in on it yet).</summary>
    public static async Task<HttpClient> PairedTerminalAsync(HostFactory factory)
    {
        var admin = await StaffAsync(factory, "admin");
        var page = await admin.PostFormAsync("/office/kiosks", "/office/kiosks?handler=Register", new Dictionary<string, string> { ["Name"] = "Терминал " + Guid.NewGuid().ToString("N")[..8] });
        var link = PairingLink().Match(await page.Content.ReadAsStringAsync());
        Assert.True(link.Success, "the pairing link is shown");
        var terminal = factory.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await terminal.GetAsync(new Uri(WebUtility.HtmlDecode(link.Groups[1].Value)).PathAndQuery)).StatusCode);
        return terminal;
    }

    /// <summary>A kiosk session of the consumer of <paramref name="contract"/>: the kiosk PIN set in the cabinet, then account number and PIN on a paired terminal.</summary>
    public static async Task<HttpClient> KioskSessionAsync(HostFactory factory, TestDatabase db, string contract, string pin = "4826")
    {
        var terminal = await PairedTerminalAsync(factory);
        var cabinet = await ConsumerAsync(factory, contract);
        await cabinet.PostFormAsync("/cabinet/profile", "/cabinet/profile?handler=Pin", new Dictionary<string, string> { ["Pin"] = pin });
        var account = await db.ScalarAsync<string>("""
            select a.number from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            where c.number = @c and a.closed_on is null order by a.id limit 1
            """, ("c", contract));
        await terminal.PostFormAsync("/kiosk", "/kiosk?handler=Start", new Dictionary<string, string> { ["Login"] = account! });
        var signedIn = await terminal.PostFormAsync("/kiosk", "/kiosk?handler=Verify", new Dictionary<string, string> { ["Login"] = account!, ["Code"] = pin });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return terminal;
    }

    [GeneratedRegex("data-pairing-link>([^<]+)<")]
    private static partial Regex PairingLink();
}
