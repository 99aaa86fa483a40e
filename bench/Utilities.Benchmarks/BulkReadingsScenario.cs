using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Utilities.Host;
using Utilities.Host.Platform.ApiClients;
using Utilities.Host.Startup;

namespace Utilities.Benchmarks;

/// <summary>
/// Issue 5: 5,000,000 register values of 50,000 automated meters sent as one CSV stream over real
/// HTTP (Kestrel on loopback) to POST /api/metering/readings, into a readings table that holds
/// 20,000,000 values with all its indexes and partitions; beside it a raw binary COPY of the same
/// rows into an identically indexed and partitioned copy of the table. Median of 3 runs, each with
/// 100 fresh days of values.
/// </summary>
internal static class BulkReadingsScenario
{
    private const int Meters = 50_000;
    private const int ExistingDays = 400;
    private const int DaysPerRun = 100;
    private const int Runs = 3;
    private static readonly DateTime FirstDay = new(2023, 1, 1);

    public static async Task RunAsync(string server)
    {
        var db = await BenchDatabase.CreateAsync(server);
        var connectionString = $"{server};Database={db}";
        var app = HostBuilder.Build([
            $"--ConnectionStrings:Utilities={connectionString}", "--urls=http://127.0.0.1:0",
            "--Serilog:MinimumLevel:Default=Warning", "--Demo:SeedOnStart=false"]);
        await app.Services.GetRequiredService<StartupTasks>().MigrateAsync(CancellationToken.None);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        string key;
        await using (var scope = app.Services.CreateAsyncScope())
            key = (await scope.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync("bench meters", ["metering:write"], "bench", CancellationToken.None)).Key;

        await using var data = NpgsqlDataSource.Create(connectionString + ";Command Timeout=0");
        var watch = Stopwatch.StartNew();
        await PrepareAsync(data);
        Console.Error.WriteLine($"prepared in {watch.Elapsed.TotalSeconds:0} s");
        var ids = new long[Meters];
        await using (var command = data.CreateCommand("select id, substr(serial, 2)::int from metering.meters"))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                ids[reader.GetInt32(1)] = reader.GetInt64(0);

        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var imports = new List<double>();
        var copies = new List<double>();
        var loads = new List<string>();
        for (var run = 0; run < Runs; run++)
        {
            var firstDay = FirstDay.AddDays(ExistingDays + run * DaysPerRun);
            var csv = Csv(firstDay);
            loads.Add(File.ReadAllText("/proc/loadavg").Split(' ')[0]);
            watch.Restart();
            using var content = new ByteArrayContent(csv);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var response = await http.PostAsync("/api/metering/readings", content);
            var body = await response.Content.ReadAsStringAsync();
            var import = watch.Elapsed.TotalSeconds;
            if (!response.IsSuccessStatusCode || !body.Contains($"\"stored\":{Meters * DaysPerRun},", StringComparison.Ordinal))
                throw new InvalidOperationException($"import failed: {(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}");

            watch.Restart();
            await CopyAsync(data, ids, firstDay);
            var copy = watch.Elapsed.TotalSeconds;
            imports.Add(Meters * DaysPerRun / import);
            copies.Add(Meters * DaysPerRun / copy);
            Console.Error.WriteLine($"run {run + 1}: import {import:0.0} s, raw COPY {copy:0.0} s, load {loads[^1]}");
        }

        var importRate = Median(imports);
        var copyRate = Median(copies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bulk-readings: {Meters * DaysPerRun} values over HTTP into {Meters * ExistingDays} stored, median of {Runs}: {importRate:0} values/s (runs {string.Join(", ", imports.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}); raw binary COPY into the indexed copy {copyRate:0} values/s (runs {string.Join(", ", copies.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}); ratio {importRate / copyRate:0.00}; load average at the runs {string.Join(", ", loads)}"));
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>50,000 automated meters and 400 daily values each (20,000,000) in both tables; the copy partitioned and indexed like the original.</summary>
    private static async Task PrepareAsync(NpgsqlDataSource data)
    {
        var partitions = new StringBuilder();
        for (var year = 2000; year <= 2040; year++)
            partitions.AppendLine(CultureInfo.InvariantCulture, $"create table bench.readings_{year} partition of bench.readings for values from ('{year}-01-01') to ('{year + 1}-01-01');");
        var values = $"""
            select m.id, 'T1', timestamp '2023-01-01' + d * interval '1 day', 1000 + d * 10.5, 'automation', 'regular',
                   date_trunc('month', timestamp '2023-01-01' + d * interval '1 day' - interval '1 microsecond')::date, 'confirmed', now(), 'bench'
            from metering.meters m cross join generate_series(0, {ExistingDays - 1}) d
            order by m.id, d
            """;
        await using var command = data.CreateCommand($"""
            insert into metering.meters (building_id, utility, serial, registers, digit_capacity, is_automated, installed_on, verified_until)
            select g, 'electricity', 'B' || g, array['T1'], 8, true, '2020-01-01', '2040-01-01' from generate_series(0, {Meters - 1}) g;
            analyze metering.meters;
            create schema bench;
            create table bench.readings (like metering.readings including all) partition by range (taken_at);
            {partitions}
            create table bench.readings_other partition of bench.readings default;
            insert into metering.readings (meter_id, register, taken_at, value, source, kind, period, status, submitted_at, submitted_by) {values};
            insert into bench.readings (meter_id, register, taken_at, value, source, kind, period, status, submitted_at, submitted_by) {values};
            """);
        await command.ExecuteNonQueryAsync();
        // VACUUM refuses to run in a multi-statement batch: one command each.
        foreach (var sql in new[] { "vacuum analyze metering.readings", "vacuum analyze bench.readings", "checkpoint" })
        {
            await using var maintenance = data.CreateCommand(sql);
            await maintenance.ExecuteNonQueryAsync();
        }
    }

    /// <summary>One value per meter per day for 100 days, day by day, as a metering system sends its daily export.</summary>
    private static byte[] Csv(DateTime firstDay)
    {
        var text = new StringBuilder(Meters * DaysPerRun * 40);
        text.Append("serial,register,taken_at,value\n");
        for (var day = 0; day < DaysPerRun; day++)
        {
            var at = firstDay.AddDays(day).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
            var value = Value(firstDay.AddDays(day)).ToString("0.0##", CultureInfo.InvariantCulture);
            for (var m = 0; m < Meters; m++)
                text.Append('B').Append(m).Append(",T1,").Append(at).Append(',').Append(value).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static decimal Value(DateTime day) => 1000 + (decimal)(day - FirstDay).TotalDays * 10.5m;

    private static async Task CopyAsync(NpgsqlDataSource data, long[] ids, DateTime firstDay)
    {
        await using var connection = await data.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow;
        await using (var copy = await connection.BeginBinaryImportAsync(
            "copy bench.readings (meter_id, register, taken_at, value, source, kind, period, status, submitted_at, submitted_by) from stdin (format binary)"))
        {
            for (var day = 0; day < DaysPerRun; day++)
            {
                var at = firstDay.AddDays(day);
                var end = at.AddTicks(-10);
                var period = new DateOnly(end.Year, end.Month, 1);
                var value = Value(at);
                for (var m = 0; m < Meters; m++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(ids[m], NpgsqlDbType.Bigint);
                    await copy.WriteAsync("T1", NpgsqlDbType.Text);
                    await copy.WriteAsync(at, NpgsqlDbType.Timestamp);
                    await copy.WriteAsync(value, NpgsqlDbType.Numeric);
                    await copy.WriteAsync("automation", NpgsqlDbType.Text);
                    await copy.WriteAsync("regular", NpgsqlDbType.Text);
                    await copy.WriteAsync(period, NpgsqlDbType.Date);
                    await copy.WriteAsync("confirmed", NpgsqlDbType.Text);
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync("bench", NpgsqlDbType.Text);
                }
            }

            await copy.CompleteAsync();
        }

        await transaction.CommitAsync();
    }
}
