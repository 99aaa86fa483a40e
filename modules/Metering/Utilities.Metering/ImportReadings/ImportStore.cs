using Npgsql;
using NpgsqlTypes;

namespace Utilities.Metering.ImportReadings;

/// <summary>A meter as the import needs it: found by serial, checked row by row.</summary>
internal sealed record ImportMeter(long Id, string Serial, string Utility, string[] Registers, decimal? Capacity, bool IsAutomated, DateTime InstalledAt, DateTime? RemovedAfter);

/// <summary>One good row, ready for the staging table.</summary>
internal struct StagedRow
{
    public long Line;
    public long MeterId;
    public string Register;
    public DateTime TakenAt;
    public decimal Value;
}

/// <summary>Rows by the readings' identity (meter, register, time taken), then by line.</summary>
internal sealed class IdentityOrder : IComparer<StagedRow>
{
    public static readonly IdentityOrder Instance = new();

    public int Compare(StagedRow x, StagedRow y)
    {
        var c = x.MeterId.CompareTo(y.MeterId);
        if (c == 0)
            c = string.CompareOrdinal(x.Register, y.Register);
        if (c == 0)
            c = x.TakenAt.CompareTo(y.TakenAt);
        return c != 0 ? c : x.Line.CompareTo(y.Line);
    }
}

/// <summary>A row refused by the database side: the same identity with another value stored already.</summary>
internal readonly record struct ImportConflict(long Line, string Register, decimal Stored);

/// <summary>
/// The SQL of an import on one connection inside the request's transaction: meters by serial (one
/// query per batch for the serials not seen yet), binary COPY of a batch into a temporary staging
/// table, one set-based INSERT … ON CONFLICT DO NOTHING into the partitioned readings, and the
/// conflict check only when fewer rows went in than were staged.
/// </summary>
internal sealed class ImportStore(NpgsqlConnection connection, DateTimeOffset submittedAt, string submittedBy)
{
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        // Temporary: no WAL, invisible to others, dropped with the transaction.
        await using var command = new NpgsqlCommand("""
            create temporary table reading_import_stage (
                line bigint not null, meter_id bigint not null, register text not null,
                taken_at timestamp not null, value numeric(18, 6) not null
            ) on commit drop
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<List<ImportMeter>> MetersAsync(IReadOnlyCollection<string> serials, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            select id, serial, utility, registers, digit_capacity, is_automated, installed_on, removed_on
            from metering.meters where serial = any(@serials)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("serials", serials.ToArray()));
        var meters = new List<ImportMeter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var digits = reader.GetInt32(4);
            meters.Add(new ImportMeter(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3),
                digits is > 0 and <= 18 ? Readings.MeterArithmetic.Capacity(digits) : null,
                reader.GetBoolean(5),
                reader.GetFieldValue<DateOnly>(6).ToDateTime(TimeOnly.MinValue),
                // A meter takes readings up to the end of the day it was removed (its final reading).
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateOnly>(7).AddDays(1).ToDateTime(TimeOnly.MinValue)));
        }

        return meters;
    }

    /// <summary>
    /// Stores a batch; returns the rows inserted per period (the rest were there already or conflict).
    /// New values (the usual case) go straight into the readings with binary COPY under a savepoint,
    /// sorted by the identity; if any of them is there already (a retry, a value twice in the file)
    /// the savepoint is rolled back and the batch goes the careful way: staged, then inserted with
    /// ON CONFLICT DO NOTHING, where the first row of a file wins.
    /// </summary>
    public async Task<Dictionary<DateOnly, long>> StoreAsync(StagedRow[] rows, int count, CancellationToken cancellationToken)
    {
        // Stable: of two equal identities the earlier line comes first.
        Array.Sort(rows, 0, count, IdentityOrder.Instance);
        await ExecuteAsync("savepoint reading_import_batch", cancellationToken);
        try
        {
            var periods = new Dictionary<DateOnly, long>();
            await using (var copy = await connection.BeginBinaryImportAsync(
                "copy metering.readings (meter_id, register, taken_at, value, source, kind, period, status, submitted_at, submitted_by) from stdin (format binary)",
                cancellationToken))
            {
                var at = submittedAt.ToUniversalTime();
                for (var i = 0; i < count; i++)
                {
                    var row = rows[i];
                    var period = Readings.ReadingPeriods.ForInterval(row.TakenAt);
                    periods[period] = periods.GetValueOrDefault(period) + 1;
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(row.MeterId, NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync(row.Register, NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(row.TakenAt, NpgsqlDbType.Timestamp, cancellationToken);
                    await copy.WriteAsync(row.Value, NpgsqlDbType.Numeric, cancellationToken);
                    await copy.WriteAsync(Data.ReadingSources.Automation, NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(Data.ReadingKinds.Regular, NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(period, NpgsqlDbType.Date, cancellationToken);
                    await copy.WriteAsync(Data.ReadingStatuses.Confirmed, NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(at, NpgsqlDbType.TimestampTz, cancellationToken);
                    await copy.WriteAsync(submittedBy, NpgsqlDbType.Text, cancellationToken);
                }

                await copy.CompleteAsync(cancellationToken);
            }

            await ExecuteAsync("release savepoint reading_import_batch", cancellationToken);
            return periods;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await ExecuteAsync("rollback to savepoint reading_import_batch", cancellationToken);
            return await StoreCarefullyAsync(rows, count, cancellationToken);
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<Dictionary<DateOnly, long>> StoreCarefullyAsync(StagedRow[] rows, int count, CancellationToken cancellationToken)
    {
        await using (var truncate = new NpgsqlCommand("truncate reading_import_stage", connection))
            await truncate.ExecuteNonQueryAsync(cancellationToken);

        await using (var copy = await connection.BeginBinaryImportAsync(
            "copy reading_import_stage (line, meter_id, register, taken_at, value) from stdin (format binary)", cancellationToken))
        {
            for (var i = 0; i < count; i++)
            {
                var row = rows[i];
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(row.Line, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(row.MeterId, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(row.Register, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.TakenAt, NpgsqlDbType.Timestamp, cancellationToken);
                await copy.WriteAsync(row.Value, NpgsqlDbType.Numeric, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        // Sorted by the identity index: its pages are touched in order, and of two equal rows in one
        // file the first wins. The period is ReadingPeriods.ForInterval's SQL twin.
        await using var insert = new NpgsqlCommand("""
            with inserted as (
                insert into metering.readings (meter_id, register, taken_at, value, source, kind, period, status, submitted_at, submitted_by)
                select meter_id, register, taken_at, value, 'automation', 'regular',
                       date_trunc('month', taken_at - interval '1 microsecond')::date, 'confirmed', @at, @by
                from reading_import_stage
                order by meter_id, register, taken_at, line
                on conflict (meter_id, register, taken_at, source) do nothing
                returning period)
            select period, count(*) from inserted group by period
            """, connection);
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", submittedAt.ToUniversalTime()));
        insert.Parameters.Add(new NpgsqlParameter<string>("by", submittedBy));
        var periods = new Dictionary<DateOnly, long>();
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            periods[reader.GetFieldValue<DateOnly>(0)] = reader.GetInt64(1);
        return periods;
    }

    /// <summary>Staged rows whose identity is stored with a different value (before this import, or earlier in the same file).</summary>
    public async Task<List<ImportConflict>> ConflictsAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            select s.line, s.register, r.value
            from reading_import_stage s
            join metering.readings r
              on r.meter_id = s.meter_id and r.register = s.register and r.taken_at = s.taken_at and r.source = 'automation'
            where r.value <> s.value
            order by s.line
            """, connection);
        var conflicts = new List<ImportConflict>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            conflicts.Add(new ImportConflict(reader.GetInt64(0), reader.GetString(1), reader.GetDecimal(2)));
        return conflicts;
    }
}
