using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Utilities.Billing;
using Utilities.Host;
using Utilities.Host.Startup;
using Utilities.Platform.Modules;

namespace Utilities.Benchmarks;

/// <summary>
/// Issue 6: the billing run over the scale set (250,000 flats × 4 = 1,000,000 accounts, Metering's
/// mix of meters and a year of readings) for its last period, with an electricity price change on
/// the 16th inside the period; from start to all charge lines, bills and the run's event
/// committed; peak RSS of this process during the runs; beside it a binary COPY of the same number
/// of charge rows into an identically indexed table. Median of BENCH_BILLING_RUNS (3) runs.
/// </summary>
internal static class BillingRunScenario
{
    public static async Task RunAsync(string server)
    {
        var premises = int.Parse(Environment.GetEnvironmentVariable("BENCH_SCALE_PREMISES") ?? "250000", CultureInfo.InvariantCulture);
        var runs = int.Parse(Environment.GetEnvironmentVariable("BENCH_BILLING_RUNS") ?? "3", CultureInfo.InvariantCulture);
        // BENCH_BILLING_DATABASE names a database loaded before (seeded once, runs repeated while tuning).
        var reuse = Environment.GetEnvironmentVariable("BENCH_BILLING_DATABASE");
        var db = reuse ?? await BenchDatabase.CreateAsync(server);
        var connectionString = $"{server};Database={db}";
        var app = HostBuilder.Build([$"--ConnectionStrings:Utilities={connectionString}", "--Serilog:MinimumLevel:Default=Warning",
            "--Serilog:MinimumLevel:Override:Utilities.Billing.Runs.BillingRunner=Debug", "--Billing:SchedulerEnabled=false"]);
        var startup = app.Services.GetRequiredService<StartupTasks>();
        await startup.MigrateAsync(CancellationToken.None);
        var watch = Stopwatch.StartNew();
        var today = DateOnly.FromDateTime(DateTime.Now);
        var period = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var change = period.AddDays(15);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var loaded = new NpgsqlCommand("select count(*) from contracts.personal_accounts", connection);
            if ((long)(await loaded.ExecuteScalarAsync())! > 0)
            {
                Console.WriteLine("billing-run-setup: reusing the loaded database " + db);
                goto Loaded;
            }
        }

        await startup.SeedScaleAsync(new ScaleDataRequest(premises, 1), CancellationToken.None);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"""
                insert into billing.tariff_versions (tariff_id, valid_from, component, price, unit)
                select v.tariff_id, date '{change:yyyy-MM-dd}', v.component, round(v.price * 1.03, 2), v.unit
                from billing.tariff_versions v join billing.tariffs t on t.id = v.tariff_id
                where t.utility = 'electricity' and v.valid_from = (select max(valid_from) from billing.tariff_versions w where w.tariff_id = v.tariff_id and w.component = v.component)
                """, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
            await using var vacuum = new NpgsqlCommand("vacuum analyze", connection) { CommandTimeout = 0 };
            await vacuum.ExecuteNonQueryAsync();
        }

    Loaded:
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"billing-run-setup: scale set of {premises} premises loaded in {watch.Elapsed.TotalSeconds:0} s; period {period:yyyy-MM}, electricity price change on {change:dd.MM}"));
        GC.Collect();
        ResetPeakRss();

        var results = new List<(double Seconds, BillingRunResult Result, string Load)>();
        for (var i = 0; i < runs; i++)
        {
            // Each timed run is the period's first: what an earlier run posted is removed (and vacuumed) before the clock starts.
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                foreach (var sql in new[]
                {
                    $"delete from billing.charge_lines where period = '{period:yyyy-MM-dd}'; delete from billing.estimations where period = '{period:yyyy-MM-dd}'; delete from billing.bills where period = '{period:yyyy-MM-dd}'",
                    "vacuum analyze billing.charge_lines, billing.bills, billing.estimations",
                })
                {
                    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
                    await command.ExecuteNonQueryAsync();
                }
            }

            var load = LoadAverage();
            await using var scope = app.Services.CreateAsyncScope();
            var billing = scope.ServiceProvider.GetRequiredService<IBillingRuns>();
            var run = Stopwatch.StartNew();
            var result = await billing.RunAsync(period, "bench", null, CancellationToken.None);
            results.Add((run.Elapsed.TotalSeconds, result, load));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"billing-run-{i + 1}: {result.Accounts} accounts, {result.Lines} lines, {result.Bills} bills, {result.Problems} problems, {result.Amount:0.00} RUB in {run.Elapsed.TotalSeconds:0.0} s; error {result.Error ?? "none"}; load average before {load}"));
        }

        var peak = PeakRssMiB();
        var lines = results[^1].Result.Lines;
        var copySeconds = await CopyAsync(connectionString, period);
        var median = results.Select(r => r.Seconds).Order().ElementAt(results.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"billing-run: median {median:0.0} s over {results.Count} runs ({results[^1].Result.Accounts / median:0} accounts/s); peak RSS {peak:0} MiB; raw binary COPY of the {lines} lines into an identically indexed table {copySeconds:0.0} s; ratio run/COPY {median / copySeconds:0.0}"));
        await app.DisposeAsync();
    }

    private static async Task<double> CopyAsync(string connectionString, DateOnly period)
    {
        await using var source = new NpgsqlConnection(connectionString);
        await using var target = new NpgsqlConnection(connectionString);
        await source.OpenAsync();
        await target.OpenAsync();
        await using (var create = new NpgsqlCommand("create schema if not exists bench; create table bench.charge_lines (like billing.charge_lines including all)", target))
            await create.ExecuteNonQueryAsync();
        var watch = Stopwatch.StartNew();
        await using (var reader = await source.BeginRawBinaryCopyAsync($"copy (select * from billing.charge_lines where period = '{period:yyyy-MM-dd}') to stdout (format binary)"))
        await using (var writer = await target.BeginRawBinaryCopyAsync("copy bench.charge_lines from stdin (format binary)"))
            await reader.CopyToAsync(writer);
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Linux: writing 5 to clear_refs resets the peak resident set (VmHWM), so seeding does not count.</summary>
    private static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static double PeakRssMiB()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
