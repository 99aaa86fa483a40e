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
var server = Environment.GetEnvironmentVariable("BENCH_SERVER")
    ?? throw new InvalidOperationException("BENCH_SERVER is not set: run bench/run.sh");
var scenarios = args.Length > 0 ? args : ["startup", "settings", "scale-data"];

foreach (var scenario in scenarios)
{
    switch (scenario)
    {
        case "startup":
            await StartupAsync(server);
            break;
        case "settings":
            await SettingsAsync(server);
            break;
        case "scale-data":
            await ScaleDataAsync(server);
            break;
        case "bulk-readings":
            await Utilities.Benchmarks.BulkReadingsScenario.RunAsync(server);
            break;
        default:
            Console.Error.WriteLine($"unknown scenario '{scenario}'; scenarios: startup, settings, scale-data, bulk-readings");
            return 2;
    }
}

return 0;

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
// generated and written with binary COPY into a freshly migrated database (the seed-scale verb).
static async Task ScaleDataAsync(string server)
{
    var db = await CreateDatabaseAsync(server);
    var app = HostBuilder.Build([$"--ConnectionStrings:Utilities={server};Database={db}", "--Serilog:MinimumLevel:Default=Warning"]);
    var startup = app.Services.GetRequiredService<StartupTasks>();
    await startup.MigrateAsync(CancellationToken.None);
    var watch = Stopwatch.StartNew();
    var rows = await startup.SeedScaleAsync(new ScaleDataRequest(250_000, 1), CancellationToken.None);
    var elapsed = watch.Elapsed;
    var total = rows.Sum(r => r.Rows);
    var accounts = rows.Single(r => r.Table == "personal_accounts").Rows;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"scale-data: 250000 premises, {accounts} accounts, {total} rows in {elapsed.TotalSeconds:0.0} s ({total / elapsed.TotalSeconds:0} rows/s, {accounts / elapsed.TotalSeconds:0} accounts/s)"));
    await app.DisposeAsync();
}

static Task<string> CreateDatabaseAsync(string server) => Utilities.Benchmarks.BenchDatabase.CreateAsync(server);
