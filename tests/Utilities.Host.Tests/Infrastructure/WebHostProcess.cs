using System.Net;
using System.Net.Sockets;

namespace Utilities.Host.Tests.Infrastructure;

/// <summary>The built host as a web server in its own OS process on a free loopback port (so SIGKILL and a PostgreSQL restart are real).</summary>
public sealed class WebHostProcess : IAsyncDisposable
{
    private WebHostProcess(ChildProcess process, string url)
    {
        Process = process;
        Url = url;
    }

    public ChildProcess Process { get; }

    public string Url { get; }

    public string Output => Process.StandardOutput + Process.StandardError;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the host and waits until /health answers 200.</summary>
    public static async Task<WebHostProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string?>? settings = null, bool waitHealthy = true)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Utilities"] = connectionString,
            ["ASPNETCORE_URLS"] = url,
            ["Metering__FaultyCheckEnabled"] = "false",
            ["Billing__SchedulerEnabled"] = "false",
            ["Notifications__ReadingRemindersEnabled"] = "false",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            environment[k] = v;
        var host = new WebHostProcess(ChildProcess.StartHost(environment), url);
        if (!waitHealthy)
            return host;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < until && !host.Process.HasExited)
        {
            try
            {
                if ((await client.GetAsync($"{url}/health")).IsSuccessStatusCode)
                    return host;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        var output = host.Output;
        await host.DisposeAsync();
        throw new InvalidOperationException("the host did not start: " + output);
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
