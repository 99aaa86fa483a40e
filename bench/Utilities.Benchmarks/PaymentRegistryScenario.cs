using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Utilities.Host;
using Utilities.Host.Platform.ApiClients;
using Utilities.Host.Startup;
using Utilities.Platform.Modules;

namespace Utilities.Benchmarks;

/// <summary>
/// Issue 7: a 100,000-row Сбербанк registry in CP1251 (90 % of rows name a payer code or an
/// account number, 9 % only a contract number, 1 % nothing that matches) POSTed over real HTTP
/// (Kestrel on loopback) to /api/billing/registries against the scale set's 1,000,000 accounts,
/// each with an open month of charges; from the upload to the committed report. Median of 3 runs,
/// each a fresh file (new document numbers: new sources).
/// </summary>
internal static class PaymentRegistryScenario
{
    private const int Rows = 100_000;
    private const int Runs = 3;

    public static async Task RunAsync(string server)
    {
        var premises = int.Parse(Environment.GetEnvironmentVariable("BENCH_SCALE_PREMISES") ?? "250000", CultureInfo.InvariantCulture);
        var reuse = Environment.GetEnvironmentVariable("BENCH_REGISTRY_DATABASE");
        // With a reused database, later runs need files of their own (new document numbers, new hashes).
        var firstRun = int.Parse(Environment.GetEnvironmentVariable("BENCH_REGISTRY_FIRST_RUN") ?? "0", CultureInfo.InvariantCulture);
        var db = reuse ?? await BenchDatabase.CreateAsync(server);
        var connectionString = $"{server};Database={db}";
        var app = HostBuilder.Build([
            $"--ConnectionStrings:Utilities={connectionString}", "--urls=http://127.0.0.1:0",
            "--Serilog:MinimumLevel:Default=Warning", "--Demo:SeedOnStart=false", "--Billing:SchedulerEnabled=false"]);
        await app.Services.GetRequiredService<StartupTasks>().MigrateAsync(CancellationToken.None);
        var watch = Stopwatch.StartNew();
        await using var data = NpgsqlDataSource.Create(connectionString + ";Command Timeout=0");
        if (reuse is null)
            await PrepareAsync(app.Services, data, premises);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"payment-registry-setup: {premises} premises (contracts' scale set, each account charged one month) in {watch.Elapsed.TotalSeconds:0} s"));

        var payerCodes = await ColumnAsync(data, "select payer_code from contracts.premises order by id");
        var accounts = await ColumnAsync(data, "select number from contracts.personal_accounts order by id");
        var contracts = await ColumnAsync(data, "select number from contracts.contracts order by id");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        string key;
        await using (var scope = app.Services.CreateAsyncScope())
            key = (await scope.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync("bench bank", ["billing:write"], "bench", CancellationToken.None)).Key;
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);

        var seconds = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            var file = File(firstRun + run, payerCodes, accounts, contracts);
            var load = LoadAverage();
            watch.Restart();
            using var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            using var response = await http.PostAsync($"/api/billing/registries?bank=sber&file=bench-{run + 1}.txt", content);
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = watch.Elapsed.TotalSeconds;
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"import failed: {(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}");
            var report = JsonDocument.Parse(body).RootElement;
            seconds.Add(elapsed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"payment-registry-{run + 1}: {elapsed:0.00} s for {Rows} rows ({file.Length / 1024 / 1024.0:0.0} MB CP1251): posted {report.GetProperty("posted").GetInt32()}, unmatched {report.GetProperty("unmatched").GetInt32()}, rejected {report.GetProperty("rejected").GetInt32()}, duplicates {report.GetProperty("duplicates").GetInt32()}; load average before {load}"));
        }

        var median = seconds.Order().ElementAt(seconds.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"payment-registry: {Rows} rows CP1251 over HTTP, upload to committed report median {median:0.00} s over {Runs} runs (runs {string.Join(", ", seconds.Select(s => s.ToString("0.00", CultureInfo.InvariantCulture)))} s); {Rows / median:0} rows/s; against {accounts.Length} accounts"));
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Only the contracts' part of the scale set (a registry needs no meters), then a month of charges on every account through the ledger's own writer.</summary>
    private static async Task PrepareAsync(IServiceProvider services, NpgsqlDataSource data, int premises)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            foreach (var scaleData in scope.ServiceProvider.GetServices<IScaleData>().Where(d => d.GetType().Assembly.GetName().Name == "Utilities.Contracts"))
                await scaleData.LoadAsync(new ScaleDataRequest(premises, 1), CancellationToken.None);
        }

        await BenchDatabase.ChargeLastMonthAsync(services, data);
    }

    private static async Task<string[]> ColumnAsync(NpgsqlDataSource data, string sql)
    {
        var list = new List<string>();
        await using var command = data.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            list.Add(reader.GetString(0));
        return [.. list];
    }

    /// <summary>Сбербанк's layout (date;time;branch;document;reference;payer;address;period;amount) with its totals line, in CP1251.</summary>
    private static byte[] File(int run, string[] payerCodes, string[] accounts, string[] contracts)
    {
        var random = new Random(1000 + run);
        var date = DateTime.Today.AddDays(-2).ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
        var period = DateTime.Today.AddMonths(-1).ToString("MMyyyy", CultureInfo.InvariantCulture);
        var text = new StringBuilder(Rows * 110);
        decimal total = 0;
        for (var i = 0; i < Rows; i++)
        {
            var kind = random.Next(100);
            var reference = kind switch
            {
                < 45 => payerCodes[random.Next(payerCodes.Length)],
                < 90 => accounts[random.Next(accounts.Length)],
                < 99 => contracts[random.Next(contracts.Length)],
                _ => "ЛС" + random.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture),
            };
            var amount = random.Next(10_000, 500_000) / 100m;
            total += amount;
            text.Append(date).Append(";10:").Append((i % 60).ToString("00", CultureInfo.InvariantCulture)).Append(":00;8626/0").Append(i % 900)
                .Append(';').Append(run + 1).Append(i.ToString("D9", CultureInfo.InvariantCulture))
                .Append(';').Append(reference).Append(";Плательщик Ёлкин ").Append(i % 97).Append(";г. Энск, ул. Садовая, д. ").Append(i % 50).Append(", кв. ").Append(i % 120)
                .Append(';').Append(period).Append(';').Append(amount.ToString("0.00", CultureInfo.GetCultureInfo("ru-RU"))).Append("\r\n");
        }

        text.Append('=').Append(Rows).Append(';').Append(total.ToString("0.00", CultureInfo.GetCultureInfo("ru-RU"))).Append("\r\n");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1251).GetBytes(text.ToString());
    }

    private static string LoadAverage() =>
        System.IO.File.Exists("/proc/loadavg") ? string.Join(' ', System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
