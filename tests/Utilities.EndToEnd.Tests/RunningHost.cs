using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Utilities.EndToEnd.Tests;

/// <summary>
/// The built host as ./run.sh starts it, as a process on a free loopback port, over a fresh
/// database on the throw-away PostgreSQL of ./test.sh, with the demo data. Dropped afterwards.
/// </summary>
public class RunningHost : IAsyncLifetime
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public string Url { get; private set; } = string.Empty;

    public string ConnectionString { get; private set; } = string.Empty;

    private string Server => Environment.GetEnvironmentVariable("UTILITIES_TEST_SERVER")
        ?? throw new InvalidOperationException("UTILITIES_TEST_SERVER is not set: run the tests with ./test.sh, which starts PostgreSQL.");

    private string DatabaseName { get; } = "e2e_" + Guid.NewGuid().ToString("N")[..16];

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Environment variables a fixture adds for its tests (configuration of the host they start).</summary>
    protected virtual IEnumerable<(string Name, string Value)> Settings => [];

    public async ValueTask InitializeAsync()
    {
        await ExecuteAsync($"{Server};Database=postgres", $"create database {DatabaseName}");
        ConnectionString = $"{Server};Database={DatabaseName}";
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        }

        var root = FindRoot();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(root, "host", "Utilities.Host"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(root, "host", "Utilities.Host", "bin", "Debug", "net10.0", "Utilities.Host.dll"));
        info.Environment["ConnectionStrings__Utilities"] = ConnectionString;
        info.Environment["ASPNETCORE_URLS"] = Url;
        info.Environment["Demo__SeedOnStart"] = "true";
        // The hourly check of expired verifications would message demo consumers amid the tests' own SMS codes.
        info.Environment["Metering__FaultyCheckEnabled"] = "false";
        info.Environment["Metering__AnomalyCheckEnabled"] = "false";
        info.Environment["Billing__SchedulerEnabled"] = "false";
        // The journeys change data out of band (an inspector's round) and look at dashboards; the cache has its own host test.
        info.Environment["Cabinet__DashboardCacheSeconds"] = "0";
        // The stand-in acquirer and card terminal (on by default in Development only): the payment tests go through them.
        info.Environment["Billing__StandInProvider__Enabled"] = "true";
        foreach (var (name, value) in Settings)
            info.Environment[name] = value;
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient();
        var until = DateTime.UtcNow.AddSeconds(300); // seeding the demo data beside the other tests on two cores
        while (DateTime.UtcNow < until && !_process.HasExited)
        {
            try
            {
                if ((await client.GetAsync($"{Url}/health")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException("the host did not start: " + Output);
    }

    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (n, v) in parameters)
            command.Parameters.AddWithValue(n, v);
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }

    public Task ExecuteAsync(string sql) => ExecuteAsync(ConnectionString, sql);

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"{Server};Database=postgres", $"drop database if exists {DatabaseName} with (force)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Utilities.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Utilities.sln not found above " + AppContext.BaseDirectory);
    }
}
