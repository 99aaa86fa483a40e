using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Utilities.Contracts;
using Utilities.Platform.Modules;
using Utilities.Platform.Time;

namespace Utilities.Metering.Generation;

/// <summary>
/// Meters and a year of readings for the scale data set (<see cref="ScaleMeters"/> decides them):
/// a meter for every open electricity, cold- and hot-water account without one, a heat meter for
/// every building that has one in Contracts but none here. Accounts and buildings come through the
/// Contracts module's directories (after its part, <see cref="Order"/>); meters and readings are
/// written with binary COPY in one transaction, ids given here past the tables' maxima, under an
/// exclusive lock of the two tables (readers go on). A second load is refused.
/// </summary>
internal sealed class MeteringScaleData(NpgsqlDataSource dataSource, IServiceProvider services, IClock clock, ILogger<MeteringScaleData> logger)
    : IScaleData
{
    private const string Schema = MeteringModule.SchemaName;

    public int Order => 20;

    public async Task<IReadOnlyList<(string Table, long Rows)>> LoadAsync(ScaleDataRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var accounts = services.GetService<IAccountDirectory>();
        var buildings = services.GetService<IBuildingDirectory>();
        if (accounts is null || buildings is null)
            return [];

        var watch = Stopwatch.StartNew();
        var window = ScaleMeters.Window(await clock.TodayAsync(cancellationToken), request.DailyMonths);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"lock table {Schema}.meters, {Schema}.readings in exclusive mode", cancellationToken);
        var loaded = await ScalarAsync(connection, $"select count(*) from {Schema}.meters where serial like '{ScaleMeters.SerialPrefix}%'", cancellationToken);
        if (loaded > 0)
        {
            throw new ScaleDataConflictException(
                $"the scale meters are already in this database ({loaded} meters with serials {ScaleMeters.SerialPrefix}…); load them into a fresh database");
        }

        var metered = new HashSet<long>();
        var heatMetered = new HashSet<long>();
        await using (var command = new NpgsqlCommand($"select account_id, building_id from {Schema}.meters where removed_on is null", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!reader.IsDBNull(0))
                    metered.Add(reader.GetInt64(0));
                else
                    heatMetered.Add(reader.GetInt64(1));
            }
        }

        var meters = new List<ScaleMeter>();
        foreach (var account in await accounts.ListOpenAsync(window.Today, cancellationToken))
        {
            if (account.Utility is "electricity" or "cold-water" or "hot-water" && !metered.Contains(account.Id))
                meters.Add(ScaleMeters.PremisesMeter(request.Seed, account.Utility, account.Number, account.Id, account.OpenedOn, window));
        }

        var ordinal = 0;
        foreach (var building in (await buildings.ListAsync(cancellationToken))
                     .Where(b => b.HasHeatMeter && !heatMetered.Contains(b.Id)).OrderBy(b => b.Address, StringComparer.Ordinal))
            meters.Add(ScaleMeters.BuildingHeatMeter(request.Seed, building.Address, building.Id, building.TotalArea, ++ordinal, window));

        logger.LogInformation("Scale meters decided in {Elapsed} ms: {Meters} meters", watch.ElapsedMilliseconds, meters.Count);
        if (meters.Count == 0)
            return [];

        var firstMeter = await FirstFreeIdAsync(connection, "meters", cancellationToken);
        var firstReading = await FirstFreeIdAsync(connection, "readings", cancellationToken);
        var rows = new List<(string Table, long Rows)>();
        var started = watch.ElapsedMilliseconds;
        rows.Add(("meters", await CopyMetersAsync(connection, meters, window.Today, firstMeter, cancellationToken)));
        logger.LogInformation("COPY meters: {Rows} rows in {Elapsed} ms", rows[^1].Rows, watch.ElapsedMilliseconds - started);
        started = watch.ElapsedMilliseconds;
        rows.Add(("readings", await CopyReadingsAsync(connection, meters, window, firstMeter, firstReading, cancellationToken)));
        logger.LogInformation("COPY readings: {Rows} rows in {Elapsed} ms", rows[^1].Rows, watch.ElapsedMilliseconds - started);

        await ExecuteAsync(connection, $"select setval(pg_get_serial_sequence('{Schema}.meters', 'id'), {firstMeter + rows[0].Rows - 1})", cancellationToken);
        await ExecuteAsync(connection, $"select setval(pg_get_serial_sequence('{Schema}.readings', 'id'), {firstReading + rows[1].Rows - 1})", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Scale data of Metering committed at {Elapsed} ms", watch.ElapsedMilliseconds);
        await ExecuteAsync(connection, $"analyze {Schema}.meters, {Schema}.readings", cancellationToken);
        logger.LogInformation("Scale data of Metering written and analysed in {Elapsed} ms", watch.ElapsedMilliseconds);
        return rows;
    }

    private static async Task<long> CopyMetersAsync(NpgsqlConnection connection, List<ScaleMeter> meters, DateOnly today, long firstId, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"""
            copy {Schema}.meters (id, account_id, building_id, utility, serial, registers, digit_capacity, is_automated,
                                  installed_on, verified_until, faulty_since, registered_at) from stdin (format binary)
            """,
            cancellationToken);
        for (var i = 0; i < meters.Count; i++)
        {
            var m = meters[i];
            writer.StartRow();
            writer.Write(firstId + i, NpgsqlDbType.Bigint);
            WriteNullable(writer, m.AccountId);
            WriteNullable(writer, m.BuildingId);
            writer.Write(m.Utility, NpgsqlDbType.Text);
            writer.Write(m.Serial, NpgsqlDbType.Text);
            writer.Write(m.Registers, NpgsqlDbType.Array | NpgsqlDbType.Text);
            writer.Write(m.DigitCapacity, NpgsqlDbType.Integer);
            writer.Write(m.IsAutomated, NpgsqlDbType.Boolean);
            writer.Write(m.InstalledOn, NpgsqlDbType.Date);
            writer.Write(m.VerifiedUntil, NpgsqlDbType.Date);
            // An expired meter was found and announced when it expired: the faulty-meter service does not announce it again.
            if (m.VerifiedUntil < today)
                writer.Write(m.VerifiedUntil.AddDays(1), NpgsqlDbType.Date);
            else
                writer.WriteNull();
            writer.Write(new DateTimeOffset(m.InstalledOn.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero), NpgsqlDbType.TimestampTz);
        }

        return (long)await writer.CompleteAsync(cancellationToken);

        static void WriteNullable(NpgsqlBinaryImporter writer, long? value)
        {
            if (value is { } v)
                writer.Write(v, NpgsqlDbType.Bigint);
            else
                writer.WriteNull();
        }
    }

    private static async Task<long> CopyReadingsAsync(
        NpgsqlConnection connection, List<ScaleMeter> meters, ScaleWindow window, long firstMeter, long firstId, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"""
            copy {Schema}.readings (id, meter_id, register, taken_at, value, source, kind, period, status, submitted_at, submitted_by)
            from stdin (format binary)
            """,
            cancellationToken);
        var id = firstId;
        var readings = new List<ScaleReading>(1024);
        for (var i = 0; i < meters.Count; i++)
        {
            ScaleMeters.Readings(meters[i], window, readings);
            foreach (var r in readings)
            {
                writer.StartRow();
                writer.Write(id++, NpgsqlDbType.Bigint);
                writer.Write(firstMeter + i, NpgsqlDbType.Bigint);
                writer.Write(r.Register, NpgsqlDbType.Text);
                writer.Write(r.TakenAt, NpgsqlDbType.Timestamp);
                writer.Write(r.Value, NpgsqlDbType.Numeric);
                writer.Write(r.Source, NpgsqlDbType.Text);
                writer.Write(r.Kind, NpgsqlDbType.Text);
                writer.Write(r.Period, NpgsqlDbType.Date);
                writer.Write(Data.ReadingStatuses.Confirmed, NpgsqlDbType.Text);
                writer.Write(r.SubmittedAt, NpgsqlDbType.TimestampTz);
                writer.Write(ScaleMeters.SubmittedBy, NpgsqlDbType.Text);
            }
        }

        return (long)await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>Past both the largest id and the sequence (which may have run ahead of rolled-back inserts).</summary>
    private static async Task<long> FirstFreeIdAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken) =>
        1 + await ScalarAsync(
            connection,
            $"""
            select greatest(
                (select coalesce(max(id), 0) from {Schema}.{table}),
                (select coalesce(pg_sequence_last_value(pg_get_serial_sequence('{Schema}.{table}', 'id')::regclass), 0)))
            """,
            cancellationToken);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
