using System.Globalization;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;
using NpgsqlTypes;
using Utilities.Platform.Data;

namespace Utilities.Notifications.Delivery;

/// <summary>
/// Sends queued deliveries: a few lanes, each claiming a batch (<c>FOR UPDATE SKIP LOCKED</c>,
/// leased) and sending it over its own long-lived SMTP connection, then marking the batch sent in
/// one statement. Every e-mail carries the Message-ID <c>&lt;message source&gt;.&lt;consumer&gt;.&lt;channel&gt;@domain</c>:
/// a host that dies between the server's acceptance and the mark sends it again after the lease,
/// with the same id (at least once, never under another id). Failures are retried with
/// exponential back-off, then marked failed. Recipients are masked in logs.
/// </summary>
internal sealed partial class DeliveryWorker(
    NpgsqlDataSource dataSource,
    IOptions<DeliveryOptions> options,
    IOptions<SmtpOptions> smtp,
    ISmsGateway sms,
    CrashPoints crash,
    TimeProvider time,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim wake = new(0, int.MaxValue);

    /// <summary>Claimed and sent since start (tests and the benchmark read it).</summary>
    public long Sent => Interlocked.Read(ref sent);

    private long sent;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            LogDisabled();
            return;
        }

        var lanes = Enumerable.Range(0, Math.Max(1, settings.Lanes)).Select(i => Task.Run(() => LaneAsync(i, stoppingToken), stoppingToken)).ToList();
        lanes.Add(Task.Run(() => ListenAsync(stoppingToken), stoppingToken));
        await Task.WhenAll(lanes);
    }

    /// <summary>Wakes the lanes on every NOTIFY of a committed fan-out.</summary>
    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                try
                {
                    connection.Notification += (_, _) => wake.Release(Math.Max(1, options.Value.Lanes));
                    await using (var listen = new NpgsqlCommand($"listen {DeliveryQueue.NotifyChannel}", connection))
                        await listen.ExecuteNonQueryAsync(stoppingToken);
                    while (!stoppingToken.IsCancellationRequested)
                        await connection.WaitAsync(stoppingToken);
                }
                finally
                {
                    await Listening.CloseAsync(connection);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is NpgsqlException or IOException or TimeoutException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task LaneAsync(int lane, CancellationToken stoppingToken)
    {
        using var client = new SmtpClient { Timeout = (int)smtp.Value.Timeout.TotalMilliseconds };
        var cache = new Dictionary<long, MessageContent>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = await ClaimAsync(stoppingToken);
                if (batch.Count == 0)
                {
                    if (client.IsConnected)
                        await client.DisconnectAsync(quit: true, stoppingToken);
                    await wake.WaitAsync(options.Value.PollInterval, stoppingToken);
                    continue;
                }

                await LoadMessagesAsync(cache, batch, stoppingToken);
                await SendBatchAsync(client, cache, batch, stoppingToken);
                if (cache.Count > 1000)
                    cache.Clear();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                LogLaneFailed(e, lane);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task SendBatchAsync(SmtpClient client, Dictionary<long, MessageContent> cache, List<Claimed> batch, CancellationToken stoppingToken)
    {
        var done = new List<Claimed>(batch.Count);
        var failed = new List<(Claimed Delivery, string Error)>();
        foreach (var delivery in batch)
        {
            var content = cache[delivery.MessageId];
            var english = delivery.Language == "en";
            var messageId = $"{content.Source}.{delivery.ConsumerId.ToString(CultureInfo.InvariantCulture)}.{delivery.Channel}@{options.Value.MessageIdDomain}";
            try
            {
                if (delivery.Channel == Channels.Email && !string.IsNullOrWhiteSpace(smtp.Value.Host))
                {
                    await EnsureConnectedAsync(client, stoppingToken);
                    using var mail = new MimeMessage();
                    mail.MessageId = messageId;
                    mail.From.Add(MailboxAddress.Parse(smtp.Value.From));
                    mail.To.Add(MailboxAddress.Parse(delivery.Address));
                    mail.Subject = english ? content.SubjectEn : content.SubjectRu;
                    mail.Body = new TextPart("plain") { Text = english ? content.BodyEn : content.BodyRu };
                    await client.SendAsync(mail, stoppingToken);
                }
                else if (delivery.Channel == Channels.Sms)
                {
                    await sms.SendAsync(delivery.Address, english ? content.SubjectEn : content.SubjectRu, messageId, stoppingToken);
                }

                await crash.PassAsync(CrashPoints.SmtpAccepted, stoppingToken);
                done.Add(delivery);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is SmtpCommandException or SmtpProtocolException or IOException
                                          or System.Net.Sockets.SocketException or AuthenticationException or TimeoutException or ParseException
                                          or ArgumentException or ServiceNotConnectedException or OperationCanceledException)
            {
                LogNotSent(e, delivery.Channel, MessageSender.Mask(delivery.Address));
                failed.Add((delivery, e.Message.Length > 500 ? e.Message[..500] : e.Message));
                if (client.IsConnected && e is not SmtpCommandException)
                    await client.DisconnectAsync(quit: false, CancellationToken.None);
            }
        }

        await MarkAsync(cache, done, failed, stoppingToken);
        Interlocked.Add(ref sent, done.Count);
    }

    private async Task EnsureConnectedAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        if (client.IsConnected)
            return;
        var options = smtp.Value;
        // No Nagle: the last small write of each message ("\r\n.\r\n") would otherwise wait for the
        // server's delayed ACK (~40 ms), capping a connection at ~25 messages a second.
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host!, options.Port, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        await client.ConnectAsync(socket, options.Host!, options.Port, Enum.Parse<SecureSocketOptions>(options.Security, ignoreCase: true), cancellationToken);
        if (!string.IsNullOrEmpty(options.UserName))
            await client.AuthenticateAsync(options.UserName, options.Password ?? string.Empty, cancellationToken);
    }

    private async Task<List<Claimed>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            update notifications.deliveries d set state = 'sending', locked_until = now() + @lease, attempts = d.attempts + 1
            from (select id from notifications.deliveries
                  where state in ('pending', 'sending') and next_attempt_at <= now() and (locked_until is null or locked_until < now())
                  order by next_attempt_at, id limit @n for update skip locked) c
            where d.id = c.id
            returning d.id, d.message_id, d.consumer_id, d.channel, d.address, d.language, d.attempts
            """);
        command.Parameters.AddWithValue("lease", options.Value.Lease);
        command.Parameters.AddWithValue("n", Math.Max(1, options.Value.BatchSize));
        var claimed = new List<Claimed>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            claimed.Add(new Claimed(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt32(6)));
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return claimed;
    }

    private async Task LoadMessagesAsync(Dictionary<long, MessageContent> cache, List<Claimed> batch, CancellationToken cancellationToken)
    {
        var missing = batch.Select(b => b.MessageId).Where(id => !cache.ContainsKey(id)).Distinct().ToArray();
        if (missing.Length == 0)
            return;
        await using var command = dataSource.CreateCommand("select id, source, subject_ru, body_ru, subject_en, body_en from notifications.messages where id = any(@ids)");
        command.Parameters.AddWithValue("ids", missing);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            cache[reader.GetInt64(0)] = new MessageContent(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5));
    }

    /// <summary>The batch's outcome in one transaction: sent ones (and what the stand-ins "delivered"), retries with back-off, failures.</summary>
    private async Task MarkAsync(Dictionary<long, MessageContent> cache, List<Claimed> done, List<(Claimed Delivery, string Error)> failed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (done.Count > 0)
        {
            await using (var mark = new NpgsqlCommand(
                "update notifications.deliveries set state = 'sent', sent_at = @now, locked_until = null, last_error = null where id = any(@ids)", connection, transaction))
            {
                mark.Parameters.AddWithValue("now", now);
                mark.Parameters.AddWithValue("ids", done.Select(d => d.Id).ToArray());
                await mark.ExecuteNonQueryAsync(cancellationToken);
            }

            var recorded = done.Where(d => d.Channel == Channels.Sms ? sms.Records : string.IsNullOrWhiteSpace(smtp.Value.Host)).ToList();
            if (recorded.Count > 0)
            {
                await using var record = new NpgsqlCommand("""
                    insert into notifications.sent_messages (channel, recipient, subject, body, transport, sent_at)
                    select c, r, s, left(b, 4000), 'stand-in', @now from unnest(@channels, @recipients, @subjects, @bodies) as t(c, r, s, b)
                    """, connection, transaction);
                record.Parameters.AddWithValue("now", now);
                record.Parameters.AddWithValue("channels", recorded.Select(d => d.Channel).ToArray());
                record.Parameters.AddWithValue("recipients", recorded.Select(d => d.Address).ToArray());
                record.Parameters.AddWithValue("subjects", recorded.Select(d => d.Channel == Channels.Sms ? null : Subject(cache, d)).ToArray());
                record.Parameters.AddWithValue("bodies", recorded.Select(d => d.Channel == Channels.Sms ? Subject(cache, d) : Body(cache, d)).ToArray());
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        foreach (var (delivery, error) in failed)
        {
            var final = delivery.Attempts >= options.Value.MaxAttempts;
            await using var retry = new NpgsqlCommand("""
                update notifications.deliveries set state = @state, next_attempt_at = @next, locked_until = null, last_error = @error where id = @id
                """, connection, transaction);
            retry.Parameters.AddWithValue("state", final ? DeliveryStates.Failed : DeliveryStates.Pending);
            retry.Parameters.AddWithValue("next", now + options.Value.Backoff(delivery.Attempts));
            retry.Parameters.AddWithValue("error", error);
            retry.Parameters.AddWithValue("id", delivery.Id);
            await retry.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static string Subject(Dictionary<long, MessageContent> cache, Claimed d) => d.Language == "en" ? cache[d.MessageId].SubjectEn : cache[d.MessageId].SubjectRu;

    private static string Body(Dictionary<long, MessageContent> cache, Claimed d) => d.Language == "en" ? cache[d.MessageId].BodyEn : cache[d.MessageId].BodyRu;

    private sealed record Claimed(long Id, long MessageId, long ConsumerId, string Channel, string Address, string Language, int Attempts);

    private sealed record MessageContent(string Source, string SubjectRu, string BodyRu, string SubjectEn, string BodyEn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deliveries are held back (Notifications:Delivery:Enabled is false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery lane {Lane} failed; it goes on in a second")]
    private partial void LogLaneFailed(Exception exception, int lane);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} to {Recipient} not sent; retried later")]
    private partial void LogNotSent(Exception exception, string channel, string recipient);
}
