using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Utilities.Contracts;
using Utilities.Notifications.Data;

namespace Utilities.Notifications.Delivery;

/// <summary>
/// Queues deliveries set-based, inside the caller's transaction: the recipients go into a
/// temporary table with binary COPY and one <c>INSERT … SELECT</c> makes a delivery per
/// recipient and channel the consumer's preferences allow (default: <see cref="Topics.DefaultEnabled"/>).
/// The unique (message, consumer, channel) key makes a repeated fan-out change nothing, and a
/// <c>NOTIFY</c> on commit wakes the delivery lanes of every host.
/// </summary>
internal static class DeliveryQueue
{
    public const string NotifyChannel = "notifications_deliveries";

    /// <summary>The message with this source, inserted if new; its id.</summary>
    public static async Task<long> MessageAsync(NotificationsDbContext db, Message message, CancellationToken cancellationToken)
    {
        var ids = await db.Database.SqlQuery<long>($"""
            insert into notifications.messages (source, topic, notice_id, subject_ru, body_ru, subject_en, body_en, created_at)
            values ({message.Source}, {message.Topic}, {message.NoticeId}, {message.SubjectRu}, {message.BodyRu}, {message.SubjectEn}, {message.BodyEn}, {message.CreatedAt})
            on conflict (source) do nothing returning id as "Value"
            """).ToListAsync(cancellationToken);
        return ids.Count > 0 ? ids[0] : await db.Messages.Where(m => m.Source == message.Source).Select(m => m.Id).SingleAsync(cancellationToken);
    }

    /// <summary>Fills the transaction's temporary table <c>fanout</c> from a stream of accounts; returns how many rows.</summary>
    public static async Task<long> StageAsync(NotificationsDbContext db, IAsyncEnumerable<AffectedAccount> accounts, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.ExecuteSqlRawAsync("""
            create temporary table if not exists fanout (account_id bigint, premises_id bigint, utility text, consumer_id bigint, email text, phone text) on commit delete rows
            """, cancellationToken);
        await using var copy = await connection.BeginBinaryImportAsync(
            "copy fanout (account_id, premises_id, utility, consumer_id, email, phone) from stdin (format binary)", cancellationToken);
        await foreach (var a in accounts.WithCancellation(cancellationToken))
        {
            copy.StartRow();
            copy.Write(a.AccountId, NpgsqlDbType.Bigint);
            copy.Write(a.PremisesId, NpgsqlDbType.Bigint);
            copy.Write(a.Utility, NpgsqlDbType.Text);
            copy.Write(a.ConsumerId, NpgsqlDbType.Bigint);
            if (a.Email is null)
                copy.WriteNull();
            else
                copy.Write(a.Email, NpgsqlDbType.Text);
            if (a.Phone is null)
                copy.WriteNull();
            else
                copy.Write(a.Phone, NpgsqlDbType.Text);
        }

        return (long)await copy.CompleteAsync(cancellationToken);
    }

    /// <summary>One delivery per consumer of the staged table and channel allowed, in one statement; returns how many were new.</summary>
    public static async Task<int> QueueStagedAsync(NotificationsDbContext db, long messageId, string topic, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var queued = await db.Database.ExecuteSqlAsync($"""
            insert into notifications.deliveries (message_id, consumer_id, channel, address, language, state, next_attempt_at, created_at)
            select {messageId}, c.consumer_id, c.channel, c.address, coalesce(l.language, 'ru'), 'pending', {now}, {now}
            from (select distinct on (consumer_id) consumer_id, 'email' as channel, email as address from fanout where email is not null
                  union all
                  select distinct on (consumer_id) consumer_id, 'sms', phone from fanout where phone is not null) c
            left join notifications.preferences p on p.consumer_id = c.consumer_id and p.topic = {topic} and p.channel = c.channel
            left join notifications.consumer_languages l on l.consumer_id = c.consumer_id
            where coalesce(p.enabled, c.channel = 'email' or {topic} = 'outage')
            order by c.consumer_id, c.channel
            on conflict (message_id, consumer_id, channel) do nothing
            """, cancellationToken);
        await db.Database.ExecuteSqlRawAsync($"select pg_notify('{NotifyChannel}', '')", cancellationToken);
        return queued;
    }

    /// <summary>Deliveries of a personal message to one consumer (through the same preferences).</summary>
    public static async Task<int> QueueAsync(NotificationsDbContext db, long messageId, string topic, long consumerId, string? email, string? phone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Deliveries are queued inside the transaction of the change they report.");
        await db.Database.ExecuteSqlRawAsync("""
            create temporary table if not exists fanout (account_id bigint, premises_id bigint, utility text, consumer_id bigint, email text, phone text) on commit delete rows
            """, cancellationToken);
        await db.Database.ExecuteSqlAsync($"delete from fanout", cancellationToken);
        await db.Database.ExecuteSqlAsync($"insert into fanout (account_id, premises_id, utility, consumer_id, email, phone) values (0, 0, '', {consumerId}, {email}, {phone})", cancellationToken);
        return await QueueStagedAsync(db, messageId, topic, now, cancellationToken);
    }
}
