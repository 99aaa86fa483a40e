using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>The built host as a process: verbs, and bad configuration answered with one clear line.</summary>
public sealed class CommandLineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> Env(string? connectionString, params (string Key, string Value)[] more)
    {
        var env = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Utilities"] = connectionString ?? string.Empty,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        };
        foreach (var (k, v) in more)
            env[k] = v;
        return env;
    }

    private static async Task<(int Code, string Error)> RunAsync(Dictionary<string, string?> env, params string[] args)
    {
        await using var host = ChildProcess.StartHost(env, args);
        var code = await host.WaitForExitAsync(Timeout);
        return (code, host.StandardError.Trim());
    }

    [Fact]
    public async Task Unreachable_database_gives_one_line_and_exit_code_2()
    {
        var (code, error) = await RunAsync(Env("Host=127.0.0.1;Port=1;Username=postgres;Password=secret;Database=nowhere;Timeout=3"));

        Assert.Equal(2, code);
        Assert.Single(error.Split('\n'));
        Assert.StartsWith("error: cannot reach the database at 127.0.0.1:1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_module_in_configuration_gives_one_line_naming_it()
    {
        var (code, error) = await RunAsync(Env("Host=127.0.0.1;Database=x", ("Modules__Gas__Enabled", "true")));

        Assert.Equal(2, code);
        Assert.Equal(
            "error: unknown module 'Gas' in configuration section Modules; known modules: Contracts, Metering, Billing, RepairFund, Notifications",
            error);
    }

    [Fact]
    public async Task Missing_connection_string_and_unknown_command_are_explained()
    {
        var (code, error) = await RunAsync(Env(null));
        Assert.Equal(2, code);
        Assert.StartsWith("error: no database is configured: set ConnectionStrings__Utilities", error, StringComparison.Ordinal);

        (code, error) = await RunAsync(Env("Host=127.0.0.1;Database=x"), "migrat");
        Assert.Equal(2, code);
        Assert.Equal("error: unknown command 'migrat'; known commands: migrate, seed-demo, seed-scale, import-readings, run-billing (no command starts the web host)", error);
    }

    [Fact]
    public async Task Migrate_creates_the_schemas_and_seed_demo_loads_data_once()
    {
        await using var db = await TestDatabase.CreateAsync();

        var (code, error) = await RunAsync(Env(db.ConnectionString), "migrate");
        Assert.True(code == 0, error);
        Assert.Equal(5L, await db.ScalarAsync<long>("select max(version) from contracts.version_info"));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from contracts.personal_accounts"));

        (code, error) = await RunAsync(Env(db.ConnectionString), "seed-demo");
        Assert.True(code == 0, error);
        var accounts = await db.ScalarAsync<long>("select count(*) from contracts.personal_accounts");
        var readings = await db.ScalarAsync<long>("select count(*) from metering.readings");
        Assert.Equal(48L, accounts); // 12 flats × 4 services
        Assert.True(readings > 0);

        (code, error) = await RunAsync(Env(db.ConnectionString), "seed-demo");
        Assert.True(code == 0, error);
        Assert.Equal(accounts, await db.ScalarAsync<long>("select count(*) from contracts.personal_accounts"));
        Assert.Equal(readings, await db.ScalarAsync<long>("select count(*) from metering.readings"));
        Assert.Equal(4L, await db.ScalarAsync<long>("select count(*) from platform.staff_users"));
    }
}
