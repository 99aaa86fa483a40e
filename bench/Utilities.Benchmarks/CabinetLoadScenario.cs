using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Utilities.Host;
using Utilities.Host.Startup;
using Utilities.Platform.Identity;
using Utilities.Platform.Modules;

namespace Utilities.Benchmarks;

/// <summary>
/// Issue 12, load: the scale set (1,000,000 accounts, meters and a year of readings, a month charged)
/// behind the real host on Kestrel (loopback); `wrk` (Debian package) with 64 connections for 60 s
/// (`--latency`) against the cabinet dashboard and then the reading form, each request signed in as one
/// of 10,000 different consumers (their cookies issued by the host's own consumer scheme). Every answer
/// must be a 200 (a cookie the host refused would redirect, cheaply): the Lua script counts the others.
/// Target on the dashboard: ≥ 1,000 requests/s with p90 ≤ 50 ms and p99 ≤ 100 ms.
/// </summary>
internal static partial class CabinetLoadScenario
{
    private const int Consumers = 10_000;

    public static async Task RunAsync(string server)
    {
        var premises = int.Parse(Environment.GetEnvironmentVariable("BENCH_SCALE_PREMISES") ?? "250000", CultureInfo.InvariantCulture);
        var seconds = int.Parse(Environment.GetEnvironmentVariable("BENCH_LOAD_SECONDS") ?? "60", CultureInfo.InvariantCulture);
        var connections = int.Parse(Environment.GetEnvironmentVariable("BENCH_LOAD_CONNECTIONS") ?? "64", CultureInfo.InvariantCulture);
        var reuse = Environment.GetEnvironmentVariable("BENCH_LOAD_DATABASE");
        var db = reuse ?? await BenchDatabase.CreateAsync(server);
        var connectionString = $"{server};Database={db}";
        Console.WriteLine($"cabinet-load-database: {db}");
        // No command timeout while the scale set is written (its COPYs run for minutes on a busy machine).
        var app = HostBuilder.Build([
            $"--ConnectionStrings:Utilities={connectionString};Command Timeout=0", "--urls=http://127.0.0.1:0",
            "--Serilog:MinimumLevel:Default=Warning", "--Demo:SeedOnStart=false", "--Billing:SchedulerEnabled=false",
            // The pages and static files as the host's own process finds them (the entry assembly here is the benchmark's).
            "--applicationName=Utilities.Host", $"--contentRoot={Path.GetFullPath("host/Utilities.Host")}"]);
        await app.Services.GetRequiredService<StartupTasks>().MigrateAsync(CancellationToken.None);
        var watch = Stopwatch.StartNew();
        await using var data = NpgsqlDataSource.Create(connectionString + ";Command Timeout=0");
        if (reuse is null)
            await PrepareAsync(app.Services, data, premises);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cabinet-load-setup: {premises} premises (scale set with meters and readings, a month charged) in {watch.Elapsed.TotalSeconds:0} s"));

        var people = await ConsumersAsync(data);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var options = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(ConsumerAuthentication.Scheme);
        var now = DateTimeOffset.UtcNow;
        var cookies = people.Select(p => $"{options.Cookie.Name}={options.TicketDataFormat.Protect(new AuthenticationTicket(
            ConsumerAuthentication.Principal(p.ConsumerId, "Bench", p.Stamp),
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(8), IsPersistent = true }, ConsumerAuthentication.Scheme))}").ToArray();

        // Each kind of page once per consumer through HttpClient: the cookies are accepted and the pages are whole.
        await CheckAsync(address, cookies, people);
        // A session starts where sign-in lands: each consumer's dashboard once (the first view: nothing of theirs kept).
        // Like a browser, each session then sends back the antiforgery cookie that first page set.
        cookies = await FirstViewsAsync(address, cookies, connections);

        var folder = Directory.CreateTempSubdirectory("cabinet-load-");
        var dashboard = Path.Combine(folder.FullName, "dashboard.tsv");
        var reading = Path.Combine(folder.FullName, "reading.tsv");
        await File.WriteAllLinesAsync(dashboard, cookies.Select(c => $"{c}\t/cabinet"));
        await File.WriteAllLinesAsync(reading, cookies.Zip(people, (c, p) => $"{c}\t/cabinet/accounts/{p.AccountId}/meters/{p.MeterId}/reading"));
        var script = Path.Combine(folder.FullName, "sessions.lua");
        await File.WriteAllTextAsync(script, LuaScript);

        foreach (var (name, file) in new[] { ("dashboard", dashboard), ("reading-form", reading) })
        {
            Wrk(address, script, file, 10, connections); // warm-up: JIT, plans, the pool, buffers
            var load = LoadAverage();
            var output = Wrk(address, script, file, seconds, connections);
            var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var percentiles = Percentiles().Matches(output).ToDictionary(m => m.Groups[1].Value, m => Milliseconds(m.Groups[2].Value, m.Groups[3].Value));
            var bad = NonOk().Match(output) is { Success: true } m2 ? long.Parse(m2.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
            var errors = SocketErrors().Match(output) is { Success: true } m3 ? m3.Value : "no socket errors";
            // The mean answer's size: whole pages, not short refusals.
            var transfer = TransferPerSecond().Match(output);
            var bytes = double.Parse(transfer.Groups[1].Value, CultureInfo.InvariantCulture) * transfer.Groups[2].Value switch { "KB" => 1024, "MB" => 1024 * 1024, "GB" => 1024 * 1024 * 1024, _ => 1 };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cabinet-load-{name}: {rps:0} requests/s, p50 {percentiles["50"]:0.0} ms, p90 {percentiles["90"]:0.0} ms, p99 {percentiles["99"]:0.0} ms; {connections} connections {seconds} s, {Consumers} consumers; non-200 answers {bad}; {errors}; {bytes / rps / 1024:0.0} KB an answer; load average before {load}"));
        }

        await app.StopAsync();
        await app.DisposeAsync();
        folder.Delete(recursive: true);
    }

    private sealed record Person(long ConsumerId, long AccountId, long MeterId, Guid Stamp);

    /// <summary>10,000 consumers holding an account with a meter, spread over the set (every 25th), with an activated login.</summary>
    private static async Task<List<Person>> ConsumersAsync(NpgsqlDataSource data)
    {
        await using (var command = data.CreateCommand($"""
            insert into contracts.consumer_logins (consumer_id, activated_at, security_stamp, updated_at)
            select consumer_id, now(), gen_random_uuid(), now() from (
                select c.consumer_id, row_number() over (order by c.consumer_id) as n
                from contracts.contracts c
                where c.terminated_on is null and exists (
                    select 1 from contracts.personal_accounts a join metering.meters m on m.account_id = a.id where a.contract_id = c.id and m.removed_on is null)
                group by c.consumer_id) x
            where n % 25 = 0 order by n limit {Consumers}
            on conflict (consumer_id) do nothing
            """))
            await command.ExecuteNonQueryAsync();

        var people = new List<Person>();
        await using (var command = data.CreateCommand($"""
            select l.consumer_id, a.id, m.id, l.security_stamp
            from contracts.consumer_logins l
            cross join lateral (
                select a.id from contracts.contracts c join contracts.personal_accounts a on a.contract_id = c.id
                where c.consumer_id = l.consumer_id and c.terminated_on is null
                  and exists (select 1 from metering.meters m where m.account_id = a.id and m.removed_on is null)
                order by a.id limit 1) a
            cross join lateral (select m.id from metering.meters m where m.account_id = a.id and m.removed_on is null order by m.id limit 1) m
            order by l.consumer_id limit {Consumers}
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                people.Add(new Person(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetGuid(3)));
        }

        if (people.Count < Consumers)
            throw new InvalidOperationException($"only {people.Count} consumers with a metered account: the scale set is too small");
        return people;
    }

    private static async Task CheckAsync(string address, string[] cookies, List<Person> people)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(address) };
        // One request at a time first: what a page costs without queueing.
        foreach (var path in new[] { "/cabinet", "reading" })
        {
            var times = new List<double>();
            for (var i = 0; i < 40; i++)
            {
                var person = people[(i * 997) % people.Count];
                using var request = new HttpRequestMessage(HttpMethod.Get, path == "reading" ? $"/cabinet/accounts/{person.AccountId}/meters/{person.MeterId}/reading" : path);
                request.Headers.Add("Cookie", cookies[(i * 997) % people.Count]);
                var watch = Stopwatch.StartNew();
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            var sorted = times.Skip(10).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cabinet-load-sequential-{(path == "reading" ? "reading-form" : "dashboard")}: one request at a time, median {sorted[sorted.Count / 2]:0.0} ms, max {sorted[^1]:0.0} ms (30 consumers after 10 warm-up)"));
        }

        foreach (var i in new[] { 0, 1, Consumers / 2, Consumers - 1 })
        {
            foreach (var path in new[] { "/cabinet", $"/cabinet/accounts/{people[i].AccountId}/meters/{people[i].MeterId}/reading" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Add("Cookie", cookies[i]);
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK || !body.Contains("</html>", StringComparison.Ordinal))
                    throw new InvalidOperationException($"{path} as consumer {people[i].ConsumerId}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
            }
        }
    }

    /// <summary>
    /// Each consumer's dashboard once, <paramref name="connections"/> at a time: what sign-in's landing costs when
    /// nothing of the consumer is kept (the dashboard cache empty for them). wrk then measures the views after it.
    /// Returns each session's cookies as a browser would send them next: the sign-in cookie and the antiforgery cookie
    /// the page set.
    /// </summary>
    private static async Task<string[]> FirstViewsAsync(string address, string[] cookies, int connections)
    {
        var nextCookies = new string[cookies.Length];
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = connections };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        var times = new double[cookies.Length];
        var bad = 0;
        var next = -1;
        var load = LoadAverage();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < cookies.Length; i = Interlocked.Increment(ref next))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/cabinet");
                request.Headers.Add("Cookie", cookies[i]);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                    Interlocked.Increment(ref bad);
                var antiforgery = response.Headers.TryGetValues("Set-Cookie", out var set)
                    ? set.FirstOrDefault(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal))
                    : null;
                nextCookies[i] = antiforgery is null ? cookies[i] : $"{cookies[i]}; {antiforgery.Split(';')[0]}";
            }
        }));
        var elapsed = watch.Elapsed.TotalSeconds;
        Array.Sort(times);
        double At(double q) => times[Math.Min(times.Length - 1, (int)(q * times.Length))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cabinet-load-first-view: {cookies.Length} dashboards in {elapsed:0.0} s, {cookies.Length / elapsed:0} requests/s, p50 {At(0.5):0.0} ms, p90 {At(0.9):0.0} ms, p99 {At(0.99):0.0} ms; {connections} at a time; non-200 answers {bad}; load average before {load}"));
        return nextCookies;
    }

    private static string Wrk(string address, string script, string sessions, int seconds, int connections)
    {
        var start = new ProcessStartInfo("wrk", ["-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "--timeout", "10s", "-s", script, address, "--", sessions])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start: bench/run.sh installs it");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {output}");
        return output;
    }

    private static double Milliseconds(string value, string unit) =>
        double.Parse(value, CultureInfo.InvariantCulture) * unit switch { "us" => 0.001, "ms" => 1, "s" => 1000, _ => double.NaN };

    /// <summary>Each thread walks the sessions from a random start; answers other than 200 are counted per thread and summed.</summary>
    private const string LuaScript = """
        local sessions = {}
        local threads = {}
        function setup(thread) table.insert(threads, thread) end
        function init(args)
          for line in io.lines(args[1]) do
            local cookie, path = line:match("([^\t]+)\t([^\t]+)")
            sessions[#sessions + 1] = { cookie, path }
          end
          math.randomseed(os.time() + #tostring({}))
          index = math.random(#sessions)
          bad = 0
        end
        function request()
          index = index % #sessions + 1
          local s = sessions[index]
          return wrk.format("GET", s[2], { ["Cookie"] = s[1] })
        end
        function response(status, headers, body)
          if status ~= 200 then bad = bad + 1 end
        end
        function done(summary, latency, requests)
          local total = 0
          for _, thread in ipairs(threads) do total = total + thread:get("bad") end
          io.write(string.format("non-200: %d\n", total))
        end
        """;

    /// <summary>The whole scale set (contracts, meters, a year of readings), then a month of charges on every account through the ledger's own writer.</summary>
    private static async Task PrepareAsync(IServiceProvider services, NpgsqlDataSource data, int premises)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            foreach (var scaleData in scope.ServiceProvider.GetServices<IScaleData>().OrderBy(d => d.Order))
                await scaleData.LoadAsync(new ScaleDataRequest(premises, 1), CancellationToken.None);
        }

        await BenchDatabase.ChargeLastMonthAsync(services, data);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    [GeneratedRegex(@"Transfer/sec:\s+([0-9.]+)(B|KB|MB|GB)")]
    private static partial Regex TransferPerSecond();

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s+(50|75|90|99)%\s+([0-9.]+)(us|ms|s)\s*$", RegexOptions.Multiline)]
    private static partial Regex Percentiles();

    [GeneratedRegex(@"non-200: (\d+)")]
    private static partial Regex NonOk();

    [GeneratedRegex(@"Socket errors:[^\n]*")]
    private static partial Regex SocketErrors();
}
