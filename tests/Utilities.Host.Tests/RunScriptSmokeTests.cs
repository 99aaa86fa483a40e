using System.Net;
using System.Net.Sockets;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// The README's first command, for real: ./run.sh creates its own PostgreSQL cluster, migrates,
/// seeds and serves /health; a second start reuses the cluster; SIGTERM stops host and cluster.
/// </summary>
public sealed class RunScriptSmokeTests
{
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Run_script_starts_the_whole_system_and_stops_it_cleanly()
    {
        var name = "smoke-" + Guid.NewGuid().ToString("N")[..8];
        var dataDir = Path.Combine(Repository.Root, ".data", name);
        try
        {
            for (var start = 1; start <= 2; start++)
            {
                var port = FreePort();
                var env = new Dictionary<string, string?>
                {
                    ["UTILITIES_DATA_NAME"] = name,
                    ["UTILITIES_PG_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                    ["ConnectionStrings__Utilities"] = null,
                };
                await using var run = ChildProcess.Start("bash", [Path.Combine(Repository.Root, "run.sh")], Repository.Root, env);

                var health = await WaitForHealthAsync($"http://127.0.0.1:{port}/health", run, TimeSpan.FromMinutes(3));
                Assert.True(health == HttpStatusCode.OK, $"health answered {health}\n{run.StandardOutput}\n{run.StandardError}");
                Assert.Contains("admin / admin-demo", run.StandardOutput, StringComparison.Ordinal);
                using (var http = new HttpClient())
                {
                    // The plugins the build placed next to the host are loaded.
                    var report = await http.GetStringAsync($"http://127.0.0.1:{port}/health", TestContext.Current.CancellationToken);
                    Assert.Contains("\"code\":\"electricity\"", report, StringComparison.Ordinal);
                    Assert.Contains("\"code\":\"heating\"", report, StringComparison.Ordinal);
                }

                // The first start creates the cluster, the second reuses it.
                Assert.Equal(start == 1, run.StandardError.Contains("creating a private cluster", StringComparison.Ordinal));

                await run.SignalAsync(15);
                await run.WaitForExitAsync(TimeSpan.FromSeconds(60));
                Assert.False(File.Exists(Path.Combine(dataDir, "data", "postmaster.pid")), "the cluster was left running");
            }
        }
        finally
        {
            if (Directory.Exists(dataDir))
                Directory.Delete(dataDir, recursive: true);
            File.Delete(Path.Combine(Repository.Root, ".data", name + ".password"));
        }
    }

    private static async Task<HttpStatusCode?> WaitForHealthAsync(string url, ChildProcess run, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !run.HasExited)
        {
            try
            {
                var response = await http.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                    return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(500);
        }

        return null;
    }
}
