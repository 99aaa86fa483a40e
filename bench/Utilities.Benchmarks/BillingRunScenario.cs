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

        // Each run is the host's own run-billing verb in a process of its own (Release build of the host): its peak RSS is the host's.
        var hostDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../host/Utilities.Host/bin/Release/net10.0/Utilities.Host.dll"));
        if (!File.Exists(hostDll))
            throw new InvalidOperationException("build the host in Release first: dotnet build host/Utilities.Host -c Release (bench/run.sh does)");
        var results = new List<(double Charges, double Total, double PeakMiB, string Line, string Load)>();
        for (var i = 0; i < runs; i++)
        {
            // Each timed run is the period's first: what an earlier run posted is removed (and vacuumed) before the clock starts.
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                foreach (var sql in new[]
                {
                    $"delete from billing.charge_lines where period = '{period:yyyy-MM-dd}'; delete from billing.estimations where period = '{period:yyyy-MM-dd}'; delete from billing.bills where period = '{period:yyyy-MM-dd}'",
                    // The scale set has no payments: the ledger holds only what earlier timed runs posted.
                    "truncate billing.ledger_entries, billing.account_balances, billing.debts",
                    "vacuum analyze billing.charge_lines, billing.bills, billing.estimations, billing.ledger_entries, billing.account_balances, billing.debts",
                })
                {
                    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
                    await command.ExecuteNonQueryAsync();
                }
            }

            var load = LoadAverage();
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(hostDll);
            start.ArgumentList.Add("run-billing");
            start.ArgumentList.Add(period.ToString("yyyy-MM", CultureInfo.InvariantCulture));
            start.Environment["ConnectionStrings__Utilities"] = connectionString;
            start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
            start.Environment["Serilog__MinimumLevel__Override__Utilities.Billing.Runs.BillingRunner"] = "Debug";
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var line = output.Split('\n').LastOrDefault(l => l.StartsWith("run-billing:", StringComparison.Ordinal)) ?? (output + await stderr);
            foreach (var log in output.Split('\n').Where(l => l.Contains("stages:", StringComparison.Ordinal) || l.Contains("stage busy", StringComparison.Ordinal)))
                Console.WriteLine("billing-run-log: " + log.Trim());
            var charges = Number(line, "charges committed after ");
            var total = Number(line, "bills after ");
            var peak = Number(line, "MiB now, ", " MiB at most");
            results.Add((charges, total, peak, line, load));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"billing-run-{i + 1}: {line.Trim()}; load average before {load}"));
        }

        var lines = long.Parse(System.Text.RegularExpressions.Regex.Match(results[^1].Line, @"(\d+) lines").Groups[1].Value, CultureInfo.InvariantCulture);
        var copySeconds = await CopyAsync(connectionString, period);
        static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
        var median = Median(results.Select(r => r.Charges));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"billing-run: charges committed median {median:0.0} s over {results.Count} runs (runs {string.Join(", ", results.Select(r => r.Charges.ToString("0.0", CultureInfo.InvariantCulture)))} s); with the bills median {Median(results.Select(r => r.Total)):0.0} s; host peak RSS at most {results.Max(r => r.PeakMiB):0} MiB; raw binary COPY of the {lines} lines into an identically indexed table {copySeconds:0.0} s; ratio run/COPY {median / copySeconds:0.0}"));
        await app.DisposeAsync();
    }

    private static double Number(string line, string before, string? after = null)
    {
        var start = line.IndexOf(before, StringComparison.Ordinal);
        if (start < 0)
            return double.NaN;
        start += before.Length;
        var end = after is null ? line.IndexOf(' ', start) : line.IndexOf(after, start, StringComparison.Ordinal);
        return double.Parse(line[start..(end < 0 ? line.Length : end)], CultureInfo.InvariantCulture);
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

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
