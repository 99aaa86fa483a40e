using System.Net;
using System.Net.Sockets;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// The outbox survives a crash: the built host runs as a child process with dispatch held back,
/// commits a tariff price (and its event), and is killed with SIGKILL; a new host started on the
/// same database delivers the event, and Notifications applies it exactly once, within 30 s.
/// </summary>
public sealed class OutboxRestartTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static (ChildProcess Host, string Url) Start(TestDatabase db, bool dispatch)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var host = ChildProcess.StartHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Utilities"] = db.ConnectionString,
            ["ASPNETCORE_URLS"] = url,
            ["Demo__SeedOnStart"] = "true",
            ["Messaging__DispatchEnabled"] = dispatch ? "true" : "false",
            // This test counts billing events: the monthly run of the schedule would add its own.
            ["Billing__SchedulerEnabled"] = "false",
        });
        return (host, url);
    }

    private static async Task WaitUntilServingAsync(ChildProcess host, string url)
    {
        using var client = new HttpClient();
        var until = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < until && !host.HasExited)
        {
            try
            {
                if ((await client.GetAsync($"{url}/health")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        Assert.Fail($"the host did not start: {host.StandardOutput}{host.StandardError}");
    }

    [Fact]
    public async Task An_event_committed_before_a_kill_is_handled_once_after_the_restart()
    {
        await using var db = await TestDatabase.CreateAsync();

        var (first, url) = Start(db, dispatch: false);
        await using (first)
        {
            await WaitUntilServingAsync(first, url);
            using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
            using var browser = new HttpClient(handler) { BaseAddress = new Uri(url) };
            await browser.SignInAsync("accountant", "accountant-demo");
            var tariff = await TariffPrices.ZonedElectricityTariffAsync(db);
            var response = await browser.HtmxPostAsync(TariffPrices.Page, TariffPrices.Post,
                TariffPrices.Fields(tariff, "T2", "3,33", TariffPrices.FirstOfNextMonth()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from billing.outbox where dispatched_at is null"));
            Assert.Contains("held back", first.StandardOutput, StringComparison.Ordinal);
            await first.SignalAsync(9); // SIGKILL: no shutdown, no flushing
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from notifications.notices where kind = 'TariffChange'"));

        var (second, secondUrl) = Start(db, dispatch: true);
        await using (second)
        {
            // The 30 s are the dispatcher's: they start once the host serves (a cold start on two busy cores is not the outbox's time).
            await WaitUntilServingAsync(second, secondUrl);
            var started = DateTime.UtcNow;
            var notices = await TariffPrices.EventuallyAsync(
                () => db.ScalarAsync<long>("select count(*) from notifications.notices where kind = 'TariffChange'"), n => n > 0, Deadline);
            var took = DateTime.UtcNow - started;
            Assert.True(notices == 1, $"expected one notice within {Deadline.TotalSeconds} s, found {notices}; host output: {second.StandardOutput}");
            Assert.True(took <= Deadline, $"took {took}");

            var dispatched = await TariffPrices.EventuallyAsync(
                () => db.ScalarAsync<long>("select count(*) from billing.outbox where dispatched_at is not null"), n => n == 1, Deadline);
            Assert.Equal(1L, dispatched);
            Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from notifications.notices where kind = 'TariffChange'"));
            Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from notifications.inbox where handler like '%Tariff%'"));
            Assert.Contains("3,33 ₽", await db.ScalarAsync<string>("select reason from notifications.notices where kind = 'TariffChange'"), StringComparison.Ordinal);
        }
    }
}
