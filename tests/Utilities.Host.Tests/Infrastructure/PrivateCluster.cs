using System.Diagnostics;

namespace Utilities.Host.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of one test's own (scripts/postgres.sh, as ./test.sh starts the shared one), so
/// the test can stop and start it under a running host without touching the other tests' server.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private readonly string _name = "fault-pg-" + Guid.NewGuid().ToString("N")[..8];
    private readonly int _port = WebHostProcess.FreePort();

    private PrivateCluster()
    {
    }

    /// <summary>Host, port, user and password, without a database.</summary>
    public string Server { get; private set; } = string.Empty;

    public static async Task<PrivateCluster> StartAsync()
    {
        var cluster = new PrivateCluster();
        await cluster.UpAsync();
        return cluster;
    }

    /// <summary>Starts the cluster (creates it the first time); returns when it accepts connections (pg_ctl -w).</summary>
    public async Task UpAsync()
    {
        var output = await ScriptAsync($"PG_EXTRA_OPTS='-c fsync=off -c synchronous_commit=off' pg_up {_name} {_port} >/dev/null && echo \"$PG_SERVER_URL\"");
        Server = output.Trim().Split('\n')[^1];
    }

    /// <summary>Stops it in fast mode: open sessions are ended, as a PostgreSQL restart or failover ends them.</summary>
    public Task DownAsync() =>
        ScriptAsync($"pg_up {_name} {_port} >/dev/null 2>&1 && pg_as_owner \"$PG_BIN/pg_ctl\" -D \"$PG_DATA\" -m fast -w stop >/dev/null");

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await ScriptAsync($"pg_reset {_name}");
    }

    private static async Task<string> ScriptAsync(string script)
    {
        var info = new ProcessStartInfo("bash")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"source scripts/postgres.sh && {script}");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{script}' failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }
}
