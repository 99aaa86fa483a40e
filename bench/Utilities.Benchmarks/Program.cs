using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Utilities.Host;
using Utilities.Host.Startup;
using Utilities.Metering;
using Utilities.Platform.Modules;
using Utilities.Platform.Settings;

// Scenario benchmarks of the platform, run by bench/run.sh against a private PostgreSQL
// (BENCH_SERVER). Each scenario prints one line "scenario: figure"; bench/README.md keeps them.
// `bills` needs no database and runs without BENCH_SERVER.
var scenarios = args.Length > 0 ? args : ["startup", "settings", "scale-data", "bills"];

// `backtest <data folder> [--utility <name>] [--horizon monthly|daily] [--calendar none]`: the
// forecasting models against the baselines (issue 10), no database.
if (args is ["backtest", var folder, .. var rest])
{
    Utilities.Backtest.BacktestOptions options;
    try
    {
        options = Utilities.Backtest.BacktestCommand.Options(rest);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }

    var plugins = Utilities.Host.Plugins.PluginCatalog.Load(Path.Combine(AppContext.BaseDirectory, "plugins")).Loaded.Select(p => p.Plugin);
    Utilities.Backtest.BacktestCommand.Run(folder, plugins, Console.Out, options);
    return 0;
}

foreach (var scenario in scenarios)
{
    switch (scenario)
    {
        case "startup":
            await StartupAsync(Server());
            break;
        case "settings":
            await SettingsAsync(Server());
            break;
        case "scale-data":
            await ScaleDataAsync(Server());
            break;
        case "billing-run":
            await Utilities.Benchmarks.BillingRunScenario.RunAsync(Server());
            break;
        case "payment-registry":
            await Utilities.Benchmarks.PaymentRegistryScenario.RunAsync(Server());
            break;
        case "bulk-readings":
            await Utilities.Benchmarks.BulkReadingsScenario.RunAsync(Server());
            break;
        case "outage-notification":
            await Utilities.Benchmarks.OutageNotificationScenario.RunAsync(Server());
            break;
        case "faults":
            // Random SIGKILLs of the host (issue 12, ADR 27): a failed check fails the benchmark.
            if (!await Utilities.Benchmarks.FaultsScenario.RunAsync(Server()))
                return 1;
            break;
        case "cabinet-load":
            await Utilities.Benchmarks.CabinetLoadScenario.RunAsync(Server());
            break;
        case "bills":
            Utilities.Benchmarks.BillsScenario.Run();
            break;
        default:
            Console.Error.WriteLine($"unknown scenario '{scenario}'; scenarios: startup, settings, scale-data, bulk-readings, billing-run, payment-registry, outage-notification, cabinet-load, faults, bills; or backtest <data folder>");
            return 2;
    }
}

return 0;

static string Server() => Environment.GetEnvironmentVariable("BENCH_SERVER")
    ?? throw new InvalidOperationException("BENCH_SERVER is not set: run bench/run.sh");

// A fresh database to a serving host: migrations of all six schemas, then demo data.
static async Task StartupAsync(string server)
{
    var db = await CreateDatabaseAsync(server);
    var app = HostBuilder.Build([$"--ConnectionStrings:Utilities={server};Database={db}"]);
    var startup = app.Services.GetRequiredService<StartupTasks>();
    var watch = Stopwatch.StartNew();
    await startup.MigrateAsync(CancellationToken.None);
    var migrate = watch.Elapsed;
    watch.Restart();
    await startup.SeedDemoAsync(CancellationToken.None);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"startup: migrate 6 schemas on an empty database {migrate.TotalMilliseconds:0} ms; demo data {watch.Elapsed.TotalMilliseconds:0} ms"));
    await app.DisposeAsync();
}

// Effective-dated settings read in hot loops (a billing run reads them per period, pages per request).
static async Task SettingsAsync(string server)
{
    var db = await CreateDatabaseAsync(server);
    var app = HostBuilder.Build([$"--ConnectionStrings:Utilities={server};Database={db}"]);
    await app.Services.GetRequiredService<StartupTasks>().MigrateAsync(CancellationToken.None);
    var settings = app.Services.GetRequiredService<ISettings>();
    var day = new DateOnly(2026, 11, 1);
    await settings.GetAsync(MeteringSettings.ReadingDeadlineDay, day);
    const int reads = 2_000_000;
    var watch = Stopwatch.StartNew();
    long sum = 0;
    for (var i = 0; i < reads; i++)
        sum += await settings.GetAsync(MeteringSettings.ReadingDeadlineDay, day.AddDays(i % 60));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"settings: {reads / watch.Elapsed.TotalSeconds:0} reads/s from the snapshot (checksum {sum})"));
    await app.DisposeAsync();
}

// The common data set of the later benchmarks: 250,000 flats × 4 services = 1,000,000 accounts
// generated and written with binary COPY into a freshly migrated database (the seed-scale verb),
// each module's part timed on its own (Contracts: the accounts; Metering: meters and a year of
// readings). BENCH_SCALE_PREMISES and BENCH_SCALE_DAILY_MONTHS change the size.
static async Task ScaleDataAsync(string server)
{
    var premises = int.Parse(Environment.GetEnvironmentVariable("BENCH_SCALE_PREMISES") ?? "250000", CultureInfo.InvariantCulture);
    var dailyMonths = int.Parse(
        Environment.GetEnvironmentVariable("BENCH_SCALE_DAILY_MONTHS") ?? ScaleDataRequest.DefaultDailyMonths.ToString(CultureInfo.InvariantCulture),
        CultureInfo.InvariantCulture);
    var db = await CreateDatabaseAsync(server);
    var app = HostBuilder.Build([$"--ConnectionStrings:Utilities={server};Database={db}", "--Serilog:MinimumLevel:Default=Warning"]);
    var startup = app.Services.GetRequiredService<StartupTasks>();
    await startup.MigrateAsync(CancellationToken.None);
    var request = new ScaleDataRequest(premises, 1, dailyMonths);
    var loadBefore = LoadAverage();
    var watch = Stopwatch.StartNew();
    var rows = new List<(string Table, long Rows)>();
    var parts = new List<(string Part, IReadOnlyList<(string Table, long Rows)> Rows, TimeSpan Elapsed, string Load)>();
    await using (var scope = app.Services.CreateAsyncScope())
    {
        foreach (var data in scope.ServiceProvider.GetServices<IScaleData>().OrderBy(d => d.Order))
        {
            var started = watch.Elapsed;
            var partRows = await data.LoadAsync(request, CancellationToken.None);
            rows.AddRange(partRows);
            parts.Add((data.GetType().Name.Replace("ScaleData", "", StringComparison.Ordinal).ToLowerInvariant(), partRows, watch.Elapsed - started, LoadAverage()));
        }
    }

    var elapsed = watch.Elapsed;
    var total = rows.Sum(r => r.Rows);
    var accounts = rows.Single(r => r.Table == "personal_accounts").Rows;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"scale-data: {premises} premises, {accounts} accounts, {total} rows in {elapsed.TotalSeconds:0.0} s ({total / elapsed.TotalSeconds:0} rows/s, {accounts / elapsed.TotalSeconds:0} accounts/s); load average {loadBefore} before, {LoadAverage()} after"));
    foreach (var (part, partRows, partElapsed, load) in parts)
    {
        var partTotal = partRows.Sum(r => r.Rows);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scale-data-{part}: {partTotal} rows ({string.Join(", ", partRows.Select(r => $"{r.Table} {r.Rows}"))}) in {partElapsed.TotalSeconds:0.0} s ({partTotal / Math.Max(partElapsed.TotalSeconds, 0.001):0} rows/s); daily months {dailyMonths}; load average after {load}"));
    }

    await app.DisposeAsync();
}

/// <summary>The 1-, 5- and 15-minute load averages (/proc/loadavg): the machine is shared, the figures depend on it.</summary>
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static Task<string> CreateDatabaseAsync(string server) => Utilities.Benchmarks.BenchDatabase.CreateAsync(server);
