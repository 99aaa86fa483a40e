using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using Utilities.Host;
using Utilities.Host.Startup;
using Utilities.Notifications;
using Utilities.Notifications.Notices;
using Utilities.Platform.Modules;

namespace Utilities.Benchmarks;

/// <summary>
/// Issue 9: an outage affecting 100,000 consumers (the buildings of the Contracts scale set, in id
/// order, until their cold-water account holders with an e-mail reach 100,000), e-mail only
/// (the consumers' SMS preference for outages is off). From the operator's announcement (the
/// command the office page and the API call) to the last e-mail accepted by an in-process SMTP
/// server on loopback. Median of 3 runs, each a new notice.
/// </summary>
internal static class OutageNotificationScenario
{
    private const int Consumers = 100_000;
    private const int Runs = 3;

    public static async Task RunAsync(string server)
    {
        var premises = int.Parse(Environment.GetEnvironmentVariable("BENCH_SCALE_PREMISES") ?? "250000", CultureInfo.InvariantCulture);
        var lanes = Environment.GetEnvironmentVariable("BENCH_SMTP_LANES") ?? "4";
        var db = await BenchDatabase.CreateAsync(server);
        // No command timeout: the scale set is loaded through the host's services on a loaded machine.
        var connectionString = $"{server};Database={db};Command Timeout=0";
        var smtp = new CountingSmtp();
        var app = HostBuilder.Build([
            $"--ConnectionStrings:Utilities={connectionString}", "--urls=http://127.0.0.1:0",
            "--Serilog:MinimumLevel:Default=Warning", "--Demo:SeedOnStart=false", "--Billing:SchedulerEnabled=false",
            "--Smtp:Host=127.0.0.1", $"--Smtp:Port={smtp.Port}", "--Smtp:Security=None",
            $"--Notifications:Delivery:Lanes={lanes}", "--Notifications:Delivery:BatchSize=500", "--Notifications:ReadingRemindersEnabled=false",
            "--Messaging:PollInterval=00:00:01"]);
        await app.Services.GetRequiredService<StartupTasks>().MigrateAsync(CancellationToken.None);
        var watch = Stopwatch.StartNew();
        await using var data = NpgsqlDataSource.Create(connectionString);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            foreach (var scaleData in scope.ServiceProvider.GetServices<IScaleData>().Where(d => d.GetType().Assembly.GetName().Name == "Utilities.Contracts"))
                await scaleData.LoadAsync(new ScaleDataRequest(premises, 1), CancellationToken.None);
        }

        // The buildings in id order until 100,000 holders of an open cold-water account with an e-mail; their SMS for outages off.
        var buildings = new List<long>();
        var reached = 0L;
        await using (var command = data.CreateCommand("""
            select p.building_id, count(distinct k.id) from contracts.personal_accounts a
            join contracts.premises p on p.id = a.premises_id join contracts.contracts c on c.id = a.contract_id join contracts.consumers k on k.id = c.consumer_id
            where a.utility = 'cold-water' and a.closed_on is null and k.email is not null group by p.building_id order by p.building_id
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (reached < Consumers && await reader.ReadAsync())
            {
                buildings.Add(reader.GetInt64(0));
                reached += reader.GetInt64(1);
            }
        }

        await using (var command = data.CreateCommand("""
            insert into notifications.preferences (consumer_id, topic, channel, enabled)
            select distinct c.consumer_id, 'outage', 'sms', false from contracts.personal_accounts a
            join contracts.premises p on p.id = a.premises_id join contracts.contracts c on c.id = a.contract_id
            where p.building_id = any(@b) on conflict do nothing
            """))
        {
            command.Parameters.AddWithValue("b", buildings.ToArray());
            await command.ExecuteNonQueryAsync();
        }

        await using (var vacuum = data.CreateCommand("vacuum analyze"))
            await vacuum.ExecuteNonQueryAsync();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"outage-notification-setup: {premises} premises, {buildings.Count} buildings, {reached} consumers with e-mail, in {watch.Elapsed.TotalSeconds:0} s"));
        await app.StartAsync();
        var times = new List<double>();
        for (var run = 1; run <= Runs; run++)
        {
            var before = smtp.Count;
            watch.Restart();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var result = await scope.ServiceProvider.GetRequiredService<NoticeCommands>().AnnounceAsync(new NoticeInput(
                    NoticeKind.Outage, "cold-water", $"Аварийное отключение холодной воды (прогон {run})", "Авария на магистральном водоводе; аварийные бригады на месте.",
                    DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(6), buildings, null), "bench", CancellationToken.None);
                if (result.Problem is not null)
                    throw new InvalidOperationException(result.Problem);
            }

            var announced = watch.Elapsed.TotalSeconds;
            var fannedOut = 0.0;
            while (smtp.Count - before < reached)
            {
                await Task.Delay(100);
                if (fannedOut == 0 && smtp.Count > before)
                    fannedOut = watch.Elapsed.TotalSeconds;
                if (watch.Elapsed > TimeSpan.FromMinutes(15))
                    throw new TimeoutException($"{smtp.Count - before} of {reached} e-mails after 15 min");
            }

            var seconds = watch.Elapsed.TotalSeconds;
            times.Add(seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"outage-notification-run-{run}: {reached} e-mails in {seconds:0.00} s ({reached / seconds:0} e-mails/s; announcement committed {announced:0.00} s, first e-mail {fannedOut:0.00} s), load {Load()}"));
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"outage-notification: median {times[Runs / 2]:0.00} s for {reached} e-mails (target <= 60 s), lanes {lanes}"));
        await app.StopAsync();
        await smtp.DisposeAsync();
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>An SMTP server on loopback that only counts what it accepts.</summary>
    private sealed class CountingSmtp : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task running;
        private readonly Store store = new();

        public CountingSmtp()
        {
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            var options = new SmtpServerOptionsBuilder().ServerName("localhost")
                .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
            var services = new SmtpServer.ComponentModel.ServiceProvider();
            services.Add(store);
            services.Add(new NoDelayListenerFactory());
            running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
        }

        public int Port { get; }

        public long Count => Interlocked.Read(ref store.Accepted);

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
            }

            stop.Dispose();
        }

        /// <summary>
        /// Accepts with TCP_NODELAY, as a production MTA answers: SmtpServer's own listener leaves Nagle on, and
        /// its short replies then wait for the client's delayed ACK (~40 ms a message, ~18 messages/s a connection).
        /// </summary>
        private sealed class NoDelayListenerFactory : SmtpServer.Net.IEndpointListenerFactory
        {
            public SmtpServer.Net.IEndpointListener CreateListener(SmtpServer.IEndpointDefinition endpointDefinition)
            {
                var listener = new TcpListener(endpointDefinition.Endpoint);
                listener.Start();
                return new Listener(listener);
            }

            private sealed class Listener(TcpListener listener) : SmtpServer.Net.IEndpointListener
            {
                public async Task<SmtpServer.IO.ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
                {
                    var client = await listener.AcceptTcpClientAsync(cancellationToken);
                    client.NoDelay = true;
                    context.Properties.Add(SmtpServer.Net.EndpointListener.LocalEndPointKey, listener.LocalEndpoint);
                    context.Properties.Add(SmtpServer.Net.EndpointListener.RemoteEndPointKey, client.Client.RemoteEndPoint!);
                    return new Pipe(client);
                }

                public void Dispose() => listener.Stop();
            }

            private sealed class Pipe(TcpClient client) : SmtpServer.IO.ISecurableDuplexPipe
            {
                private readonly System.Net.Sockets.NetworkStream stream = client.GetStream();

                public System.IO.Pipelines.PipeReader Input { get; } = System.IO.Pipelines.PipeReader.Create(client.GetStream());

                public System.IO.Pipelines.PipeWriter Output { get; } = System.IO.Pipelines.PipeWriter.Create(client.GetStream());

                public bool IsSecure => false;

                public System.Security.Authentication.SslProtocols SslProtocol => System.Security.Authentication.SslProtocols.None;

                public Task UpgradeAsync(System.Security.Cryptography.X509Certificates.X509Certificate certificate, System.Security.Authentication.SslProtocols protocols, CancellationToken cancellationToken = default) =>
                    throw new NotSupportedException("the counting receiver offers no STARTTLS");

                public void Dispose()
                {
                    stream.Dispose();
                    client.Dispose();
                }
            }
        }

        private sealed class Store : MessageStore
        {
            public long Accepted;

            public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref Accepted);
                return Task.FromResult(SmtpResponse.Ok);
            }
        }
    }
}
