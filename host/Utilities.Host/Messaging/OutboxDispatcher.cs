using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Utilities.Host.Composition;
using Utilities.Platform.Data;
using Utilities.Platform.Messaging;

namespace Utilities.Host.Messaging;

/// <summary>
/// Delivers integration events from every enabled module's outbox to the handlers of the enabled
/// modules, at least once. It wakes on <c>NOTIFY utilities_outbox</c> (a trigger on each outbox)
/// and looks again every poll interval for retries. Rows are claimed with <c>FOR UPDATE SKIP
/// LOCKED</c>, one per short transaction, so several hosts share the work; a row is marked
/// dispatched only after every handler succeeded, and a failed one is retried with back-off
/// (handlers' inboxes keep the effect once). A host only claims the event types its enabled
/// modules handle. A host killed mid-way leaves its rows unclaimed: the next dispatcher takes them.
/// </summary>
internal sealed partial class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    ModuleRegistry modules,
    EventHandlerRegistry registry,
    IServiceScopeFactory scopes,
    IOptions<MessagingOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly MethodInfo Deliver = typeof(OutboxDispatcher).GetMethod(nameof(DeliverAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.DispatchEnabled)
        {
            logger.LogWarning("Integration events are held back (Messaging:DispatchEnabled is false): they wait in the outboxes");
            return;
        }

        // Handlers write in the centre's language and formats, whoever published.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ru-RU");
        NpgsqlConnection? listener = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    listener ??= await ListenAsync(stoppingToken);
                    var claimed = 0;
                    foreach (var module in modules.Enabled)
                        claimed += await DispatchBatchAsync(module.Schema, settings.BatchSize, stoppingToken);
                    if (claimed == 0)
                        await listener.WaitAsync(settings.PollInterval, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // Never let a failure stop the host: the database may be restarting, a schema not yet migrated.
                    if (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
                        logger.LogWarning("Outbox dispatch paused: {Reason}; retrying in {Delay}", e.Message, settings.PollInterval);
                    else
                        logger.LogError(e, "Outbox dispatch failed; retrying in {Delay}", settings.PollInterval);
                    if (listener is not null)
                        await Listening.CloseAsync(listener);
                    listener = null;
                    await Task.Delay(settings.PollInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (listener is not null)
                await Listening.CloseAsync(listener);
        }
    }

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var listen = new NpgsqlCommand("listen utilities_outbox", connection);
        await listen.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Delivers up to a batch of due events of the types this host routes, each in its own short
    /// transaction (claim, deliver, mark), so no lock or connection is held across a batch. Types no
    /// enabled module here handles stay pending for a host (or a later release) that does.
    /// </summary>
    private async Task<int> DispatchBatchAsync(string schema, int batchSize, CancellationToken cancellationToken)
    {
        var types = registry.Routes.Select(r => r.Name).ToArray();
        if (types.Length == 0)
            return 0;
        var delivered = 0;
        while (delivered < batchSize && await DispatchOneAsync(schema, types, cancellationToken))
            delivered++;
        return delivered;
    }

    private async Task<bool> DispatchOneAsync(string schema, string[] types, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Pending? message = null;
        await using (var select = new NpgsqlCommand(
            $"""
            select id, type, payload::text, occurred_at, attempts from "{schema}".outbox
            where dispatched_at is null and next_attempt_at <= now() and type = any(@types)
            order by id limit 1 for update skip locked
            """, connection, transaction))
        {
            select.Parameters.AddWithValue("types", types);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
                message = new Pending(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4));
        }

        if (message is null)
            return false;

        var error = await DeliverToAllAsync(schema, message, cancellationToken);
        await using (var update = new NpgsqlCommand(error is null
            ? $"update \"{schema}\".outbox set dispatched_at = now(), attempts = attempts + 1, last_error = null where id = @id"
            : $"update \"{schema}\".outbox set attempts = attempts + 1, last_error = @error, next_attempt_at = now() + @delay where id = @id",
            connection, transaction))
        {
            update.Parameters.AddWithValue("id", message.Id);
            if (error is not null)
            {
                update.Parameters.AddWithValue("error", error.Length > 2000 ? error[..2000] : error);
                update.Parameters.AddWithValue("delay", Backoff(message.Attempts + 1));
            }

            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>2, 4, 8 … seconds, at most ten minutes: a handler that keeps failing is retried for ever, never dropped.</summary>
    internal static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(attempts, 20)), MaxBackoff.TotalSeconds));

    private async Task<string?> DeliverToAllAsync(string schema, Pending message, CancellationToken cancellationToken)
    {
        var route = registry.Find(message.Type);
        if (route is null)
            return null; // not claimed unless routed; kept for safety

        object @event;
        try
        {
            @event = JsonSerializer.Deserialize(message.Payload, route.EventType, Json)
                     ?? throw new JsonException("the payload is null");
        }
        catch (JsonException e)
        {
            LogUnreadable(message.Type, message.Id, schema, e.Message);
            return $"unreadable payload: {e.Message}";
        }

        var errors = new List<string>();
        foreach (var handler in route.Handlers)
        {
            var module = modules.FindByAssembly(handler.Assembly)?.Name ?? "Host";
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["Module"] = module });
            try
            {
                await (Task)Deliver.MakeGenericMethod(route.EventType).Invoke(this, [handler, message, @event, cancellationToken])!;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var inner = e is TargetInvocationException { InnerException: { } i } ? i : e;
                LogHandlerFailed(inner, handler.Name, message.Type, message.Id, message.Attempts + 1);
                errors.Add($"{handler.Name}: {inner.GetType().Name}: {inner.Message}");
            }
        }

        return errors.Count == 0 ? null : string.Join("; ", errors);
    }

    private async Task DeliverAsync<TEvent>(Type handlerType, Pending message, object @event, CancellationToken cancellationToken)
        where TEvent : class
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IIntegrationEventHandler<TEvent>>().First(h => h.GetType() == handlerType);
        await handler.HandleAsync(new IntegrationEvent<TEvent>(message.Id, message.OccurredAt, (TEvent)@event), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Handler {Handler} failed on event {EventType} {EventId} (attempt {Attempt}); it will be retried")]
    private partial void LogHandlerFailed(Exception exception, string handler, string eventType, Guid eventId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventType} {EventId} in {Schema}.outbox cannot be read: {Reason}")]
    private partial void LogUnreadable(string eventType, Guid eventId, string schema, string reason);

    private sealed record Pending(Guid Id, string Type, string Payload, DateTimeOffset OccurredAt, int Attempts);
}
