using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Utilities.Host;
using Utilities.Host.Platform.ApiClients;
using Utilities.Host.Startup;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Platform.Modules;

namespace Utilities.Benchmarks;

/// <summary>
/// Issue 12 (ADR 27), random kill points: the host as its own OS process is killed with SIGKILL
/// from outside (<see cref="Process.Kill()"/>) at a seeded random moment of one of three
/// operations, restarted, and the operation sent again or resumed; then the checks of
/// <c>FaultInjectionTests</c> (<see cref="FaultChecks"/>): exact counts, equality with an
/// uninterrupted reference of the same operation on the same data, the ledger invariant.
/// The operations: a bulk readings upload over HTTP (<c>POST /api/metering/readings</c>), the
/// billing run of the last period (the host's <c>run-billing</c> verb), a Сбербанк registry upload
/// over HTTP (<c>POST /api/billing/registries</c>). Every round starts from a fresh copy of one
/// prepared database (the scale set of BENCH_SCALE_PREMISES flats, 5,000 by default, with the month
/// before the billed one charged, so that payments have debts to settle).
/// </summary>
internal static class FaultsScenario
{
    private enum Operation
    {
        Readings,
        Billing,
        Registry,
    }

    private static readonly string[] OperationNames = ["readings-import", "billing-run", "registry-import"];

    /// <summary>Share of the measured duration the kill delay is drawn from: a sixth of the kills land after the operation finished.</summary>
    private const double DelaySpan = 1.2;

    private const int ReadingMeters = 2_000;

    private const string Client = "bench faults";

    public static async Task<bool> RunAsync(string server)
    {
        var premises = Number("BENCH_SCALE_PREMISES", 5_000);
        var rounds = Number("BENCH_FAULT_ROUNDS", 10);
        var seed = Number("BENCH_FAULT_SEED", Environment.TickCount & int.MaxValue);
        var readingRows = Number("BENCH_FAULT_READINGS", 400_000) / (2 * ReadingMeters) * 2 * ReadingMeters;
        var registryRows = Number("BENCH_FAULT_REGISTRY_ROWS", 30_000);
        var batchSize = Number("BENCH_FAULT_BATCH", 1_000);
        var hostDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../host/Utilities.Host/bin/Release/net10.0/Utilities.Host.dll"));
        if (!File.Exists(hostDll))
            throw new InvalidOperationException("build the host in Release first: dotnet build host/Utilities.Host -c Release (bench/run.sh does)");

        // Round i draws from Random(seed + i): BENCH_FAULT_SEED=<round seed> BENCH_FAULT_ROUNDS=1 replays one round.
        var plan = Enumerable.Range(0, rounds).Select(i =>
        {
            var random = new Random(unchecked(seed + i));
            return (Seed: unchecked(seed + i), Operation: (Operation)random.Next(3), Fraction: random.NextDouble() * DelaySpan);
        }).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"faults-setup: seed {seed} (BENCH_FAULT_SEED), {rounds} rounds, {premises} premises; readings {readingRows} rows, registry {registryRows} rows, billing batches of {batchSize}; load average {LoadAverage()}"));

        var watch = Stopwatch.StartNew();
        var template = await BenchDatabase.CreateAsync(server);
        var period = new DateOnly(DateTime.Today.Year, DateTime.Today.Month, 1).AddMonths(-1);
        var key = await PrepareAsync(server, template, premises, period);
        string[] codes = [.. await ColumnAsync(server, template, "select payer_code from contracts.premises where payer_code is not null order by id")];
        string[] accounts = [.. await ColumnAsync(server, template, "select number from contracts.personal_accounts order by id")];
        string[] contracts = [.. await ColumnAsync(server, template, "select number from contracts.contracts order by id")];
        var readings = ReadingsFile(readingRows, out var readingSum);
        var registry = RegistryFile(registryRows, codes, accounts, contracts);
        var readingEventsBefore = long.Parse((await ColumnAsync(server, template, "select count(*) from metering.outbox where type = 'metering.readings-imported'"))[0], CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"faults-setup: template {template} ({accounts.Length} accounts, {ReadingMeters} meters for the upload, month {period.AddMonths(-1):yyyy-MM} charged) in {watch.Elapsed.TotalSeconds:0} s"));

        var context = new Context(server, template, hostDll, key, period, batchSize, readings, readingRows, readingSum, readingEventsBefore, registry);

        // The uninterrupted references, one per operation the plan uses: what a killed and restarted operation must end with, and how long it takes.
        var references = new Dictionary<Operation, Reference>();
        foreach (var operation in plan.Select(p => p.Operation).Distinct().Order())
        {
            var reference = await ReferenceAsync(context, operation);
            references[operation] = reference;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"faults-reference-{OperationNames[(int)operation]}: {reference.Seconds:0.00} s uninterrupted ({reference.Summary}); load average {LoadAverage()}"));
        }

        var results = new List<(Operation Operation, bool Mid, bool Passed)>();
        for (var i = 0; i < plan.Count; i++)
        {
            var (roundSeed, operation, fraction) = plan[i];
            var reference = references[operation];
            var delay = TimeSpan.FromSeconds(reference.Seconds * fraction);
            var load = LoadAverage();
            var round = Stopwatch.StartNew();
            RoundResult result;
            try
            {
                result = operation switch
                {
                    Operation.Readings => await ReadingsRoundAsync(context, delay),
                    Operation.Billing => await BillingRoundAsync(context, reference, delay),
                    _ => await RegistryRoundAsync(context, reference, delay),
                };
            }
            catch (Exception e)
            {
                result = new RoundResult(false, "?", [$"the round failed: {e.GetType().Name}: {e.Message}"], null);
            }

            results.Add((operation, result.Mid, result.Failures.Count == 0));
            Console.WriteLine(
                FormattableString.Invariant($"faults-round-{i + 1}: seed {roundSeed}, {OperationNames[(int)operation]}, kill after {delay.TotalSeconds:0.00} s ({fraction:0.00} of {reference.Seconds:0.0} s), ")
                + $"{(result.Mid ? "landed mid-operation" : "landed after completion")} ({result.State}); "
                + (result.Failures.Count == 0 ? "checks passed" : "CHECKS FAILED: " + string.Join("; ", result.Failures) + $" (database {result.Database} kept)")
                + FormattableString.Invariant($"; round {round.Elapsed.TotalSeconds:0} s, load average {load}"));
        }

        await DropAsync(server, template);
        var failed = results.Count(r => !r.Passed);
        Console.WriteLine(
            FormattableString.Invariant($"faults: {results.Count} rounds, seed {seed}, {premises} premises: ")
            + string.Join(", ", Enum.GetValues<Operation>().Select(o => FormattableString.Invariant($"{OperationNames[(int)o]} {results.Count(r => r.Operation == o)} ({results.Count(r => r.Operation == o && r.Mid)} killed mid-operation)")))
            + FormattableString.Invariant($"; {failed} failed; {watch.Elapsed.TotalSeconds:0} s in all; load average {LoadAverage()}"));
        return failed == 0;
    }

    private sealed record Context(
        string Server, string Template, string HostDll, string Key, DateOnly Period, int BatchSize,
        byte[] Readings, int ReadingRows, decimal ReadingSum, long ReadingEventsBefore, byte[] Registry)
    {
        public Dictionary<string, string?> BillingEnvironment(string db) => new()
        {
            ["ConnectionStrings__Utilities"] = $"{Server};Database={db}",
            ["Billing__BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
            // The restarted run waits for the dead host's lease: 5 s rather than the default 2 min.
            ["Billing__LeaseDuration"] = "00:00:05",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
    }

    private sealed record Reference(double Seconds, string Summary, List<(string Name, List<string> Rows)> Outcome);

    private sealed record RoundResult(bool Mid, string State, List<string> Failures, string? Database);

    // ---------------------------------------------------------------- preparation

    /// <summary>The scale set, the month before <paramref name="period"/> charged, the meters of the readings upload and an API key; the key.</summary>
    private static async Task<string> PrepareAsync(string server, string db, int premises, DateOnly period)
    {
        var connectionString = $"{server};Database={db}";
        var app = HostBuilder.Build([$"--ConnectionStrings:Utilities={connectionString}", "--Serilog:MinimumLevel:Default=Warning", "--Billing:SchedulerEnabled=false"]);
        try
        {
            var startup = app.Services.GetRequiredService<StartupTasks>();
            await startup.MigrateAsync(CancellationToken.None);
            await startup.SeedScaleAsync(new ScaleDataRequest(premises, 1), CancellationToken.None);
            await using var data = NpgsqlDataSource.Create(connectionString + ";Command Timeout=0");
            var (key, prefix) = ApiKey.Generate();
            await using (var command = data.CreateCommand($"""
                insert into metering.meters (building_id, utility, serial, registers, digit_capacity, is_automated, installed_on, verified_until)
                select (select min(building_id) from metering.meters), 'electricity', 'FAULT-' || g, array['T1', 'T2'], 9, true, '2023-01-01', '2034-01-01'
                from generate_series(0, {ReadingMeters - 1}) g;
                insert into platform.api_clients (name, key_prefix, key_hash, scopes, created_at, created_by)
                values ('{Client}', @prefix, @hash, array['metering:write', 'billing:write'], now(), 'bench');
                """))
            {
                command.Parameters.AddWithValue("prefix", prefix);
                command.Parameters.AddWithValue("hash", ApiKey.Hash(key));
                await command.ExecuteNonQueryAsync();
            }

            await BenchDatabase.ChargeLastMonthAsync(app.Services, data, period.AddMonths(-1));
            return key;
        }
        finally
        {
            await app.DisposeAsync();
            // A template copies only when nobody is connected to it.
            NpgsqlConnection.ClearAllPools();
        }
    }

    /// <summary>2 registers × <see cref="ReadingMeters"/> meters × days from 2024-01-01, rising values.</summary>
    private static byte[] ReadingsFile(int rows, out decimal sum)
    {
        var days = rows / (2 * ReadingMeters);
        var csv = new StringBuilder(rows * 36).Append("serial,register,taken_at,value\n");
        sum = 0;
        for (var d = 0; d < days; d++)
        {
            var at = new DateTime(2024, 1, 1).AddDays(d).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
            for (var m = 0; m < ReadingMeters; m++)
            {
                var t1 = 1000 + d * 10 + m % 10;
                var t2 = 500 + d * 4 + m % 7;
                sum += t1 + t2;
                csv.Append("FAULT-").Append(m).Append(",T1,").Append(at).Append(',').Append(t1).Append('\n');
                csv.Append("FAULT-").Append(m).Append(",T2,").Append(at).Append(',').Append(t2).Append('\n');
            }
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>Сбербанк's layout in CP1251 with its totals line: 45 % payer codes, 45 % account numbers, 9 % contract numbers, 1 % nothing that matches.</summary>
    private static byte[] RegistryFile(int rows, string[] codes, string[] accounts, string[] contracts)
    {
        var random = new Random(77);
        var date = DateTime.Today.AddDays(-2).ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
        var period = DateTime.Today.AddMonths(-1).ToString("MMyyyy", CultureInfo.InvariantCulture);
        var ru = CultureInfo.GetCultureInfo("ru-RU");
        var text = new StringBuilder(rows * 110);
        decimal total = 0;
        for (var i = 0; i < rows; i++)
        {
            var kind = random.Next(100);
            var reference = kind switch
            {
                < 45 => codes[random.Next(codes.Length)],
                < 90 => accounts[random.Next(accounts.Length)],
                < 99 => contracts[random.Next(contracts.Length)],
                _ => "ЛС" + random.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture),
            };
            var amount = random.Next(10_000, 500_000) / 100m;
            total += amount;
            text.Append(date).Append(";10:").Append((i % 60).ToString("00", CultureInfo.InvariantCulture)).Append(":00;8626/0").Append(i % 900)
                .Append(";9").Append(i.ToString("D9", CultureInfo.InvariantCulture))
                .Append(';').Append(reference).Append(";Плательщик Ёлкин ").Append(i % 97).Append(";г. Энск, ул. Садовая, д. ").Append(i % 50)
                .Append(';').Append(period).Append(';').Append(amount.ToString("0.00", ru)).Append("\r\n");
        }

        text.Append('=').Append(rows).Append(';').Append(total.ToString("0.00", ru)).Append("\r\n");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1251).GetBytes(text.ToString());
    }

    // ---------------------------------------------------------------- references

    private static async Task<Reference> ReferenceAsync(Context context, Operation operation)
    {
        var db = await CopyAsync(context);
        try
        {
            var watch = Stopwatch.StartNew();
            switch (operation)
            {
                case Operation.Readings:
                {
                    await using var host = await WebHost.StartAsync(context, db);
                    watch.Restart();
                    var (status, body) = await PostAsync(host.Url, context.Key, ReadingsPath, context.Readings, "text/csv");
                    var seconds = watch.Elapsed.TotalSeconds;
                    if (status != 200 || !body.Contains($"\"stored\":{context.ReadingRows},", StringComparison.Ordinal))
                        throw new InvalidOperationException($"the uninterrupted readings upload answered {status}: {Clip(body)}");
                    return new Reference(seconds, $"{context.ReadingRows} readings stored", []);
                }

                case Operation.Billing:
                {
                    await using var run = HostProcess.Start(context.HostDll, context.BillingEnvironment(db), "run-billing", context.Period.ToString("yyyy-MM", CultureInfo.InvariantCulture));
                    var code = await run.WaitForExitAsync(TimeSpan.FromMinutes(20));
                    var seconds = watch.Elapsed.TotalSeconds;
                    if (code != 0)
                        throw new InvalidOperationException($"the uninterrupted billing run ended with {code}: {Clip(run.Output)}");
                    var line = run.StandardOutput.Split('\n').LastOrDefault(l => l.StartsWith("run-billing:", StringComparison.Ordinal))?.Trim() ?? "?";
                    return new Reference(seconds, line, await BillingOutcomeAsync(context, db));
                }

                default:
                {
                    await using var host = await WebHost.StartAsync(context, db);
                    watch.Restart();
                    var (status, body) = await PostAsync(host.Url, context.Key, RegistryPath, context.Registry, "text/plain");
                    var seconds = watch.Elapsed.TotalSeconds;
                    if (status != 200)
                        throw new InvalidOperationException($"the uninterrupted registry upload answered {status}: {Clip(body)}");
                    var report = JsonDocument.Parse(body).RootElement;
                    return new Reference(seconds, $"posted {report.GetProperty("posted").GetInt32()}, unmatched {report.GetProperty("unmatched").GetInt32()}, rejected {report.GetProperty("rejected").GetInt32()}",
                        await RegistryOutcomeAsync(context, db));
                }
            }
        }
        finally
        {
            await DropAsync(context.Server, db);
        }
    }

    private static async Task<List<(string Name, List<string> Rows)>> BillingOutcomeAsync(Context context, string db)
    {
        var outcome = new List<(string, List<string>)>();
        foreach (var (name, sql) in FaultChecks.BillingOutcome(context.Period))
            outcome.Add((name, await ColumnAsync(context.Server, db, sql)));
        return outcome;
    }

    private static readonly (string Name, string Sql)[] RegistryOutcome =
    [
        ("payments", """
            select source || '|' || premises_id || '|' || coalesce(account_id::text, '-') || '|' || coalesce(for_period::text, '-') || '|' || amount
                   || '|' || repair_fund_share || '|' || advance
            from billing.payments where registry_id is not null order by 1
            """),
        ("ledger", FaultChecks.Ledger),
        ("registries", "select state || ' ' || rows_total || ' ' || rows_posted || ' ' || rows_duplicate || ' ' || rows_unmatched || ' ' || rows_rejected || ' ' || amount_posted from billing.registries order by id"),
        ("registry rows", "select status || ' ' || count(*) from billing.registry_rows group by status order by 1"),
        ("events", "select type || ' ' || count(*) from billing.outbox group by type order by 1"),
    ];

    private static async Task<List<(string Name, List<string> Rows)>> RegistryOutcomeAsync(Context context, string db)
    {
        var outcome = new List<(string, List<string>)>();
        foreach (var (name, sql) in RegistryOutcome)
            outcome.Add((name, await ColumnAsync(context.Server, db, sql)));
        return outcome;
    }

    // ---------------------------------------------------------------- rounds

    private const string ReadingsPath = "/api/metering/readings";

    private const string RegistryPath = "/api/billing/registries?bank=sber&file=faults.txt";

    private static async Task<RoundResult> ReadingsRoundAsync(Context context, TimeSpan delay)
    {
        var db = await CopyAsync(context);
        var failures = new List<string>();
        const string count = "select count(*) || ' ' || count(distinct (r.meter_id, r.register, r.taken_at)) || ' ' || trim_scale(coalesce(sum(r.value), 0)) from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial like 'FAULT-%'";
        var answered = await KillDuringUploadAsync(context, db, ReadingsPath, context.Readings, "text/csv", delay, failures) is not null;
        var atKill = (await ColumnAsync(context.Server, db, count))[0];
        var all = $"{context.ReadingRows} {context.ReadingRows} {context.ReadingSum}";
        var committed = atKill == all;
        if (!committed && atKill != "0 0 0")
            failures.Add($"after the kill the readings were {atKill} (count, distinct, sum): neither none nor all {all}");
        if (answered && !committed)
            failures.Add("the host answered the upload but its readings are not there");

        // The metering system got no answer (or did, the check is the same): it sends the same file again.
        await using (var host = await WebHost.StartAsync(context, db))
        {
            var (status, body) = await PostAsync(host.Url, context.Key, ReadingsPath, context.Readings, "text/csv");
            var expected = committed
                ? $"\"received\":{context.ReadingRows},\"stored\":0,\"unchanged\":{context.ReadingRows},\"rejected\":0,"
                : $"\"received\":{context.ReadingRows},\"stored\":{context.ReadingRows},\"unchanged\":0,\"rejected\":0,";
            if (status != 200 || !body.Contains(expected, StringComparison.Ordinal))
                failures.Add($"the upload sent again answered {status} {Clip(body)}, expected {expected}");
        }

        var final = (await ColumnAsync(context.Server, db, count))[0];
        if (final != all)
            failures.Add($"readings {final} (count, distinct, sum), expected {all}");
        var events = long.Parse((await ColumnAsync(context.Server, db, "select count(*) from metering.outbox where type = 'metering.readings-imported'"))[0], CultureInfo.InvariantCulture);
        if (events != context.ReadingEventsBefore + 1)
            failures.Add($"{events - context.ReadingEventsBefore} metering.readings-imported events, expected 1");
        await LedgerInvariantAsync(context, db, failures);
        return await EndAsync(context, db, !answered, answered ? "answered before the kill" : committed ? "committed, the client not told" : "nothing committed", failures);
    }

    private static async Task<RoundResult> RegistryRoundAsync(Context context, Reference reference, TimeSpan delay)
    {
        var db = await CopyAsync(context);
        var failures = new List<string>();
        var answered = await KillDuringUploadAsync(context, db, RegistryPath, context.Registry, "text/plain", delay, failures) is not null;
        var posted = reference.Outcome.Single(o => o.Name == "payments").Rows.Count;
        var atKill = int.Parse((await ColumnAsync(context.Server, db, "select count(*) from billing.payments where registry_id is not null"))[0], CultureInfo.InvariantCulture);
        var committed = atKill == posted;
        if (!committed && atKill != 0)
            failures.Add($"after the kill {atKill} payments of the registry, neither none nor all {posted}");
        if (answered && !committed)
            failures.Add("the host answered the upload but its payments are not there");

        // The bank sends the same file again, and once more as its retry would: the second is the same file.
        await using (var host = await WebHost.StartAsync(context, db))
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var (status, body) = await PostAsync(host.Url, context.Key, RegistryPath, context.Registry, "text/plain");
                var duplicate = status == 200 && JsonDocument.Parse(body).RootElement.GetProperty("duplicateFile").GetBoolean();
                if (status != 200 || duplicate != (committed || attempt > 0))
                    failures.Add($"upload {attempt + 2} answered {status}, duplicateFile {duplicate}, expected {committed || attempt > 0}: {Clip(body)}");
            }
        }

        Compare(reference.Outcome, await RegistryOutcomeAsync(context, db), failures);
        await LedgerInvariantAsync(context, db, failures);
        return await EndAsync(context, db, !answered, answered ? "answered before the kill" : committed ? "committed, the client not told" : "nothing committed", failures);
    }

    private static async Task<RoundResult> BillingRoundAsync(Context context, Reference reference, TimeSpan delay)
    {
        var db = await CopyAsync(context);
        var failures = new List<string>();
        var period = context.Period.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        bool mid;
        await using (var run = HostProcess.Start(context.HostDll, context.BillingEnvironment(db), "run-billing", period))
        {
            var exited = run.WaitForExitAsync(TimeSpan.FromMinutes(20));
            mid = await Task.WhenAny(exited, Task.Delay(delay)) != exited;
            if (mid)
                run.Kill();
            var code = await exited;
            if (!mid && code != 0)
                failures.Add($"the run ended on its own with {code}: {Clip(run.Output)}");
        }

        var state = await ColumnAsync(context.Server, db, "select state || ' ' || stage || ' ' || accounts_done || '/' || accounts_total from billing.runs order by id");
        var atKill = state.Count == 0 ? "no run yet" : string.Join(", ", state);
        // The operator sees the run not completed and runs it again: it waits for the dead host's lease and goes on from the cursor.
        if (state.Count == 0 || !state[^1].StartsWith("completed", StringComparison.Ordinal))
        {
            await using var again = HostProcess.Start(context.HostDll, context.BillingEnvironment(db), "run-billing", period);
            var code = await again.WaitForExitAsync(TimeSpan.FromMinutes(20));
            if (code != 0)
                failures.Add($"the run started again ended with {code}: {Clip(again.Output)}");
        }
        else if (mid)
        {
            atKill += " (the process was still alive)";
        }

        Compare(reference.Outcome, await BillingOutcomeAsync(context, db), failures);
        await LedgerInvariantAsync(context, db, failures);
        return await EndAsync(context, db, mid, "run at the kill: " + atKill, failures);
    }

    /// <summary>Starts a web host on the copy, POSTs the body and kills the host after the delay (whether it answered or not); its answer's status, null for none.</summary>
    private static async Task<int?> KillDuringUploadAsync(Context context, string db, string path, byte[] body, string type, TimeSpan delay, List<string> failures)
    {
        await using var host = await WebHost.StartAsync(context, db);
        var upload = PostAsync(host.Url, context.Key, path, body, type);
        await Task.Delay(delay);
        host.Process.Kill();
        await host.Process.WaitForExitAsync(TimeSpan.FromMinutes(1));
        try
        {
            var (status, answer) = await upload;
            if (status != 200)
                failures.Add($"the upload answered {status} before the kill: {Clip(answer)}");
            return status;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            // The connection died with the host: the client got no answer.
            return null;
        }
    }

    private static async Task<RoundResult> EndAsync(Context context, string db, bool mid, string state, List<string> failures)
    {
        if (failures.Count == 0)
            await DropAsync(context.Server, db);
        return new RoundResult(mid, state, failures, db);
    }

    private static void Compare(List<(string Name, List<string> Rows)> expected, List<(string Name, List<string> Rows)> actual, List<string> failures)
    {
        foreach (var ((name, want), (_, got)) in expected.Zip(actual))
        {
            if (want.SequenceEqual(got))
                continue;
            var at = want.Zip(got).TakeWhile(p => p.First == p.Second).Count();
            failures.Add($"{name}: {got.Count} rows, the reference {want.Count}; first difference at {at}: '{(at < got.Count ? got[at] : "-")}' vs the reference '{(at < want.Count ? want[at] : "-")}'");
        }
    }

    private static async Task LedgerInvariantAsync(Context context, string db, List<string> failures)
    {
        foreach (var (name, sql) in FaultChecks.LedgerInvariant)
        {
            var broken = await ColumnAsync(context.Server, db, sql);
            if (broken.Count > 0)
                failures.Add($"ledger invariant ({name}) broken: {string.Join("; ", broken)}");
        }
    }

    // ---------------------------------------------------------------- plumbing

    private static async Task<(int Status, string Body)> PostAsync(string url, string key, string path, byte[] body, string type)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        using var response = await client.PostAsync(url + path, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> CopyAsync(Context context)
    {
        var name = "faults_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection($"{context.Server};Database=postgres");
        await connection.OpenAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = new NpgsqlCommand($"create database {name} template {context.Template}", connection) { CommandTimeout = 0 };
                await command.ExecuteNonQueryAsync();
                return name;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
            {
                // A session on the template is still closing.
                await Task.Delay(500);
            }
        }
    }

    private static async Task DropAsync(string server, string db)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection($"{server};Database=postgres");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"drop database if exists {db} with (force)", connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ColumnAsync(string server, string db, string sql)
    {
        await using var connection = new NpgsqlConnection($"{server};Database={db};Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<string>();
        while (await reader.ReadAsync())
            list.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        return list;
    }

    private static int Number(string variable, int fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string Clip(string text) => text.Length <= 600 ? text.ReplaceLineEndings(" ") : text[^600..].ReplaceLineEndings(" ");

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>The Release host (<c>dotnet Utilities.Host.dll</c>) as a process of its own, its output collected.</summary>
    private sealed class HostProcess : IAsyncDisposable
    {
        private readonly Process process;
        private readonly StringBuilder stdout = new();
        private readonly StringBuilder stderr = new();

        private HostProcess(Process process)
        {
            this.process = process;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string StandardOutput { get { lock (stdout) return stdout.ToString(); } }

        public string Output { get { lock (stdout) lock (stderr) return stdout.ToString() + stderr; } }

        public bool HasExited => process.HasExited;

        public static HostProcess Start(string hostDll, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(hostDll)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(hostDll);
            foreach (var a in arguments)
                info.ArgumentList.Add(a);
            foreach (var (k, v) in environment)
                info.Environment[k] = v;
            return new HostProcess(new Process { StartInfo = info });
        }

        /// <summary>SIGKILL from outside, as the OOM killer or a power cut: no shutdown, no flush.</summary>
        public void Kill()
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // It ended on its own in between.
            }
        }

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(cancel.Token);
            process.WaitForExit();
            return process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    /// <summary>The host as a web server on a free loopback port, started and healthy; background jobs that would change the data off.</summary>
    private sealed class WebHost : IAsyncDisposable
    {
        private WebHost(HostProcess process, string url)
        {
            Process = process;
            Url = url;
        }

        public HostProcess Process { get; }

        public string Url { get; }

        public static async Task<WebHost> StartAsync(Context context, string db)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            var url = $"http://127.0.0.1:{port}";
            var host = new WebHost(HostProcess.Start(context.HostDll, new Dictionary<string, string?>
            {
                ["ConnectionStrings__Utilities"] = $"{context.Server};Database={db}",
                ["ASPNETCORE_URLS"] = url,
                ["Serilog__MinimumLevel__Default"] = "Warning",
                ["Demo__SeedOnStart"] = "false",
                ["Metering__FaultyCheckEnabled"] = "false",
                ["Billing__SchedulerEnabled"] = "false",
                ["Notifications__ReadingRemindersEnabled"] = "false",
            }), url);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var until = DateTime.UtcNow.AddSeconds(120);
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

            var output = host.Process.Output;
            await host.DisposeAsync();
            throw new InvalidOperationException("the host did not start: " + Clip(output));
        }

        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
