using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// One database seeded with the demo data, copied for each test (PostgreSQL's template copy), and
/// the outcome of an uninterrupted billing run of November 2026 on a copy: what a run killed and
/// restarted must end with.
/// </summary>
public sealed class FaultFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _referenceLock = new(1, 1);
    private TestDatabase? _template;
    private BillingOutcome? _reference;

    public async ValueTask InitializeAsync()
    {
        _template = await TestDatabase.CreateAsync();
        await using var seed = ChildProcess.StartHost(new Dictionary<string, string?> { ["ConnectionStrings__Utilities"] = _template.ConnectionString }, "seed-demo");
        Assert.True(await seed.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, seed.StandardOutput + seed.StandardError);
    }

    /// <summary>A fresh copy of the seeded database.</summary>
    public Task<TestDatabase> CopyAsync() => TestDatabase.CloneAsync(_template!.Name);

    public async Task<BillingOutcome> ReferenceAsync()
    {
        await _referenceLock.WaitAsync();
        try
        {
            if (_reference is not null)
                return _reference;
            await using var db = await CopyAsync();
            await using (var run = ChildProcess.StartHost(FaultInjectionTests.BillingEnvironment(db, null), "run-billing", "2026-11"))
                Assert.True(await run.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, run.StandardOutput + run.StandardError);
            return _reference = await BillingOutcome.ReadAsync(db);
        }
        finally
        {
            _referenceLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_template is not null)
            await _template.DisposeAsync();
        _referenceLock.Dispose();
    }
}

/// <summary>Everything a billing run of November 2026 leaves behind, as comparable text.</summary>
public sealed record BillingOutcome(List<string> Lines, List<string> Bills, List<string> Ledger, List<string> RepairFund, List<string> Events, List<string> Runs)
{
    public static async Task<BillingOutcome> ReadAsync(TestDatabase db)
    {
        var columns = new List<List<string>>();
        foreach (var (_, sql) in FaultChecks.BillingOutcome(new DateOnly(2026, 11, 1)))
            columns.Add(await db.ColumnAsync(sql));
        return new(columns[0], columns[1], columns[2], columns[3], columns[4], columns[5]);
    }
}

/// <summary>
/// Faults (issue 12, ADR 27), with the host as a real OS process: SIGKILL at enumerated points
/// (<c>UTILITIES_FAULT_KILL_AT</c>, a fixed list, so every CI run kills at the same places) inside
/// bulk readings ingestion, a billing run and a bank registry import, then a restart: no reading or
/// payment lost or doubled, the run ends with the same result as an uninterrupted one; PostgreSQL
/// restarted under load: requests succeed again within 5 s with the same host process; two hosts
/// on one database: the scheduled billing runs once.
/// </summary>
public sealed class FaultInjectionTests(FaultFixture fixture) : IClassFixture<FaultFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    internal static Dictionary<string, string?> BillingEnvironment(TestDatabase db, string? killAt) => new()
    {
        ["ConnectionStrings__Utilities"] = db.ConnectionString,
        ["Billing__BatchSize"] = "3",
        ["Billing__LeaseDuration"] = "00:00:02",
        ["UTILITIES_FAULT_KILL_AT"] = killAt,
    };

    private static async Task AssertKilledAtAsync(ChildProcess process, string point)
    {
        var code = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.True(code != 0 && process.StandardError.Contains($"fault: SIGKILL at {point.Split(':')[0]}", StringComparison.Ordinal),
            $"exit code {code}, expected a kill at {point}: " + process.StandardError + process.StandardOutput[^Math.Min(3000, process.StandardOutput.Length)..]);
    }

    // ---------------------------------------------------------------- bulk readings ingestion

    public static TheoryData<string> ImportPoints => new()
    {
        "metering.import.batch-stored:1", // after the first COPY batch, 50,000 rows in, nothing committed
        "metering.import.before-commit:1", // the event saved, the commit not sent
        "metering.import.committed:1", // committed, the client never told
    };

    [Theory]
    [MemberData(nameof(ImportPoints))]
    public async Task A_readings_import_killed_and_sent_again_stores_every_reading_exactly_once(string killAt)
    {
        await using var db = await fixture.CopyAsync();
        var serial = "FAULT-" + killAt.GetHashCode(StringComparison.Ordinal).ToString("x8", CultureInfo.InvariantCulture);
        await db.ExecuteAsync($"""
            insert into metering.meters (building_id, utility, serial, registers, digit_capacity, is_automated, installed_on, verified_until)
            values (1, 'electricity', '{serial}', array['T1', 'T2'], 9, true, '2023-01-01', '2034-01-01')
            """);
        // 2 registers × 60,000 quarter-hours = 120,000 rows: batches of 50,000, 50,000 and 20,000.
        const int Rows = 120_000;
        var file = Path.Combine(Path.GetTempPath(), $"fault-readings-{Guid.NewGuid():N}.csv");
        var csv = new StringBuilder("serial,register,taken_at,value\n");
        var start = new DateTime(2024, 1, 1);
        for (var i = 0; i < Rows / 2; i++)
        {
            var at = start.AddMinutes(15 * i).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
            csv.Append(serial).Append(",T1,").Append(at).Append(',').Append(i).Append('\n');
            csv.Append(serial).Append(",T2,").Append(at).Append(',').Append(i / 2).Append('\n');
        }

        await File.WriteAllTextAsync(file, csv.ToString(), Cancel);
        try
        {
            var env = new Dictionary<string, string?> { ["ConnectionStrings__Utilities"] = db.ConnectionString, ["UTILITIES_FAULT_KILL_AT"] = killAt };
            await using (var killed = ChildProcess.StartHost(env, "import-readings", file))
                await AssertKilledAtAsync(killed, killAt);
            var committed = killAt.StartsWith("metering.import.committed", StringComparison.Ordinal);
            Assert.Equal(committed ? Rows : 0L, await db.ScalarAsync<long>("select count(*) from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial = @s", ("s", serial)));

            // The client sends the same file again (it never got an answer): the import is idempotent.
            env["UTILITIES_FAULT_KILL_AT"] = null;
            await using (var again = ChildProcess.StartHost(env, "import-readings", file))
            {
                Assert.True(await again.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, again.StandardOutput + again.StandardError);
                Assert.Contains(committed
                    ? $"received {Rows}, stored 0, unchanged {Rows}, rejected 0"
                    : $"received {Rows}, stored {Rows}, unchanged 0, rejected 0", again.StandardOutput, StringComparison.Ordinal);
            }

            Assert.Equal(Rows, await db.ScalarAsync<long>("select count(*) from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial = @s", ("s", serial)));
            Assert.Equal(Rows, await db.ScalarAsync<long>("select count(distinct (r.register, r.taken_at)) from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial = @s", ("s", serial)));
            Assert.Equal((decimal)Rows / 2 * (Rows / 2 - 1) / 2, await db.ScalarAsync<decimal>("select sum(value) from metering.readings r join metering.meters m on m.id = r.meter_id where m.serial = @s and r.register = 'T1'", ("s", serial)));
            // One event for the one import that committed: the consumers (Billing, Notifications) hear of it once.
            Assert.Equal(1L, await db.ScalarAsync<long>($"select count(*) from metering.outbox where type = 'metering.readings-imported' and payload::text like '%{Rows}%'"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    // ---------------------------------------------------------------- billing run

    public static TheoryData<string> BillingPoints => new()
    {
        "billing.run.batch-committed:7", // in the middle
        "billing.run.charges-committed:1", // the charges and ChargesPosted committed, the ledger not posted
        "billing.run.ledger-posted:1", // the ledger committed, the stage not yet saved
        "billing.run.repair-fund-charged:1", // the repair fund charged, no bill yet
        "billing.run.bills-composed:1", // the bills written, the stage not yet saved
    };

    [Theory]
    [MemberData(nameof(BillingPoints))]
    public async Task A_billing_run_killed_and_run_again_ends_with_the_result_of_an_uninterrupted_run(string killAt)
    {
        var reference = await fixture.ReferenceAsync();
        await using var db = await fixture.CopyAsync();
        await using (var killed = ChildProcess.StartHost(BillingEnvironment(db, killAt), "run-billing", "2026-11"))
            await AssertKilledAtAsync(killed, killAt);
        Assert.Equal("running", await db.ScalarAsync<string>("select state from billing.runs"));

        // The operator (or the scheduler) runs it again: it waits for the dead host's lease and goes on from the cursor.
        await using (var again = ChildProcess.StartHost(BillingEnvironment(db, null), "run-billing", "2026-11"))
            Assert.True(await again.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, again.StandardOutput + again.StandardError);

        var outcome = await BillingOutcome.ReadAsync(db);
        Assert.Equal(reference.Lines, outcome.Lines);
        Assert.Equal(reference.Bills, outcome.Bills);
        Assert.Equal(reference.Ledger, outcome.Ledger);
        Assert.Equal(reference.RepairFund, outcome.RepairFund);
        Assert.Equal(reference.Events, outcome.Events);
        Assert.Equal(reference.Runs, outcome.Runs);
        await LedgerInvariant.AssertHoldsAsync(db);
    }

    // ---------------------------------------------------------------- bank registry import

    public static TheoryData<string> RegistryPoints => new()
    {
        "billing.registry.batch-posted:1", // 10,000 payments posted in the transaction
        "billing.registry.before-commit:1", // everything written, the commit not sent
        "billing.registry.committed:1", // committed, the bank never told
    };

    [Theory]
    [MemberData(nameof(RegistryPoints))]
    public async Task A_registry_import_killed_and_sent_again_posts_every_payment_exactly_once(string killAt)
    {
        await using var db = await fixture.CopyAsync();
        var key = await ApiKeyAsync(db);
        var codes = await db.ColumnAsync("select payer_code from contracts.premises where payer_code is not null order by id");
        Assert.NotEmpty(codes);
        const int Rows = 12_000;
        var paidOn = DateOnly.FromDateTime(DateTime.Now).AddDays(-2).ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        var expected = 0m;
        for (var i = 0; i < Rows; i++)
        {
            var amount = 100 + (i % 97) + (i % 10) / 10m;
            expected += amount;
            text.Append(CultureInfo.InvariantCulture, $"{paidOn};10:15:00;8626/0001;{700_000_000_000L + i};{codes[i % codes.Count]};Иванов Сергей Петрович;;112026;{amount.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',')}\r\n");
        }

        var body = Encoding.UTF8.GetBytes(text.ToString());
        var payments = await db.ScalarAsync<long>("select count(*) from billing.payments");

        await using (var killed = await WebHostProcess.StartAsync(db.ConnectionString, new Dictionary<string, string?> { ["UTILITIES_FAULT_KILL_AT"] = killAt }))
        {
            string? answered = null;
            try
            {
                var response = await PostRegistryAsync(killed.Url, key, body);
                answered = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}";
            }
            catch (HttpRequestException)
            {
                // The connection died with the host: the bank got no answer.
            }

            Assert.True(answered is null, "the host lived past the point and answered " + answered);
            await AssertKilledAtAsync(killed.Process, killAt);
        }

        var committed = killAt.StartsWith("billing.registry.committed", StringComparison.Ordinal);
        Assert.Equal(payments + (committed ? Rows : 0), await db.ScalarAsync<long>("select count(*) from billing.payments"));

        await using (var restarted = await WebHostProcess.StartAsync(db.ConnectionString))
        {
            var again = await PostRegistryAsync(restarted.Url, key, body);
            var answer = await again.Content.ReadAsStringAsync(Cancel);
            Assert.True(again.StatusCode == HttpStatusCode.OK, answer);
            Assert.Equal(committed, JsonDocument.Parse(answer).RootElement.GetProperty("duplicateFile").GetBoolean());
            // And once more, as a bank's retry would: the earlier report.
            var third = await PostRegistryAsync(restarted.Url, key, body);
            Assert.True(JsonDocument.Parse(await third.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("duplicateFile").GetBoolean());
        }

        Assert.Equal(payments + Rows, await db.ScalarAsync<long>("select count(*) from billing.payments"));
        Assert.Equal(Rows, await db.ScalarAsync<long>("select count(*) from billing.payments where registry_id is not null"));
        Assert.Equal(Rows, await db.ScalarAsync<long>("select count(distinct source) from billing.payments where registry_id is not null"));
        Assert.Equal(expected, await db.ScalarAsync<decimal>("select sum(amount) from billing.payments where registry_id is not null"));
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from billing.registries where state = 'imported'"));
        Assert.Equal(Rows, await db.ScalarAsync<long>("select count(*) from billing.registry_rows where status = 'posted'"));
        await LedgerInvariant.AssertHoldsAsync(db);
    }

    // ---------------------------------------------------------------- PostgreSQL restarted under load

    [Fact]
    public async Task After_PostgreSQL_restarts_under_load_requests_succeed_again_within_5_s_with_the_same_host_process()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using (var admin = new Npgsql.NpgsqlConnection($"{cluster.Server};Database=postgres"))
        {
            await admin.OpenAsync(Cancel);
            await using var create = new Npgsql.NpgsqlCommand("create database utilities", admin);
            await create.ExecuteNonQueryAsync(Cancel);
        }

        var connectionString = $"{cluster.Server};Database=utilities";
        await using var host = await WebHostProcess.StartAsync(connectionString, new Dictionary<string, string?> { ["Demo__SeedOnStart"] = "true" });
        var pid = host.Process.Id;
        // Pages that read the database: the health check, the public outages page, the sign-in page.
        string[] paths = ["/health", "/outages", "/sign-in"];
        var results = new System.Collections.Concurrent.ConcurrentBag<(DateTime At, string Path, int Status)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var lanes = Enumerable.Range(0, 4).Select(lane => Task.Run(async () =>
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            for (var i = lane; !stop.IsCancellationRequested; i++)
            {
                var path = paths[i % paths.Length];
                var at = DateTime.UtcNow;
                int status;
                try
                {
                    using var response = await client.GetAsync(host.Url + path, stop.Token);
                    status = (int)response.StatusCode;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = 0;
                }

                results.Add((at, path, status));
                await Task.Delay(20, CancellationToken.None);
            }
        }, CancellationToken.None)).ToArray();

        await Task.Delay(2000, Cancel);
        Assert.All(results, r => Assert.True(r.Status == 200, $"{r.Path} answered {r.Status} before the restart"));
        await cluster.DownAsync();
        var down = DateTime.UtcNow;
        await Task.Delay(2000, Cancel);
        await cluster.UpAsync();
        var accepting = DateTime.UtcNow;
        await Task.Delay(8000, Cancel);
        await stop.CancelAsync();
        await Task.WhenAll(lanes);

        var during = results.Where(r => r.At > down && r.At < accepting).ToList();
        var after = results.Where(r => r.At >= accepting).OrderBy(r => r.At).ToList();
        var late = after.Where(r => r.At >= accepting.AddSeconds(5)).ToList();
        var firstFailing = after.LastOrDefault(r => r.Status != 200);
        var report = $"during the outage: {string.Join(", ", during.GroupBy(r => r.Path + " " + r.Status).Select(g => $"{g.Key} ×{g.Count()}"))}; "
            + $"after: {after.Count} requests, last failure {(firstFailing == default ? "none" : $"{(firstFailing.At - accepting).TotalSeconds:0.00} s after ({firstFailing.Path} {firstFailing.Status})")}";
        Assert.True(late.Count > 20, report);
        Assert.True(late.All(r => r.Status == 200), report + "\n" + host.Output[^Math.Min(4000, host.Output.Length)..]);
        // While PostgreSQL was gone the health check said so (503: try again) rather than crashing or hanging.
        Assert.Contains(during, r => r.Path == "/health" && r.Status == 503);
        // Not asserted: no 500 at all. In one of three runs on a loaded machine two requests of the same instant of the
        // outage still answered 500 (ADR 27, open); the report below counts them.
        Assert.DoesNotContain(after, r => r.Status == 500 && r.At >= accepting.AddSeconds(1));
        Assert.False(host.Process.HasExited, host.Output);
        Assert.Equal(pid, host.Process.Id);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
    }

    // ---------------------------------------------------------------- two hosts, one database

    [Fact]
    public async Task Two_hosts_on_one_database_run_the_scheduled_billing_once()
    {
        var reference = await fixture.ReferenceAsync();
        await using var db = await fixture.CopyAsync();
        var settings = new Dictionary<string, string?>
        {
            // The schedule runs the previous month from its run day (the 1st by default) and closes it.
            ["Billing__SchedulerEnabled"] = "true",
            ["Billing__SchedulerInterval"] = "00:00:00.500",
            ["Billing__BatchSize"] = "3",
            ["Billing__PauseBetweenBatches"] = "00:00:00.050",
            ["Metering__FaultyCheckEnabled"] = "true",
            ["Metering__FaultyCheckInterval"] = "00:00:01",
        };
        var hosts = await Task.WhenAll(WebHostProcess.StartAsync(db.ConnectionString, settings), WebHostProcess.StartAsync(db.ConnectionString, settings));
        try
        {
            var until = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < until && await db.ScalarAsync<long>("select count(*) from billing.periods where period = '2026-11-01' and state = 'closed'") == 0)
                await Task.Delay(250, Cancel);
            // Both schedules look again a few times after the run closed the month.
            await Task.Delay(3000, Cancel);
            Assert.All(hosts, h => Assert.False(h.Process.HasExited, h.Output));
        }
        finally
        {
            foreach (var h in hosts)
                await h.DisposeAsync();
        }

        Assert.Equal(["2026-11-01 completed"], await db.ColumnAsync("select period || ' ' || state from billing.runs"));
        var outcome = await BillingOutcome.ReadAsync(db);
        Assert.Equal(reference.Lines, outcome.Lines);
        Assert.Equal(reference.Bills, outcome.Bills);
        Assert.Equal(reference.RepairFund, outcome.RepairFund);
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from billing.outbox where type = 'billing.charges-posted'"));
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from billing.outbox where type = 'billing.bills-issued'"));
        // The hourly meter check ran on both hosts: each faulty meter was found (and told) once.
        Assert.Equal(
            await db.ScalarAsync<long>("select count(distinct payload->>'meterId') from metering.outbox where type = 'metering.meter-faulty'"),
            await db.ScalarAsync<long>("select count(*) from metering.outbox where type = 'metering.meter-faulty'"));
        // Every event handled once per handler (the inbox), and no consumer told twice of one message.
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from (select message_id, consumer_id, channel from notifications.deliveries group by 1, 2, 3 having count(*) > 1) d"));
        await LedgerInvariant.AssertHoldsAsync(db);
    }

    private static async Task<string> ApiKeyAsync(TestDatabase db)
    {
        var (key, prefix) = Utilities.Host.Platform.ApiClients.ApiKey.Generate();
        await using var source = db.OpenDataSource();
        await using var command = source.CreateCommand("""
            insert into platform.api_clients (name, key_prefix, key_hash, scopes, created_at, created_by)
            values ('bank', @prefix, @hash, array['billing:write'], now(), 'test')
            """);
        command.Parameters.AddWithValue("prefix", prefix);
        command.Parameters.AddWithValue("hash", Utilities.Host.Platform.ApiClients.ApiKey.Hash(key));
        await command.ExecuteNonQueryAsync(Cancel);
        return key;
    }

    private static async Task<HttpResponseMessage> PostRegistryAsync(string url, string key, byte[] body)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        return await client.PostAsync($"{url}/api/billing/registries?bank=sber&file=fault.txt&encoding=utf-8", content, Cancel);
    }
}
