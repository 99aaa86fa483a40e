using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Utilities.Contracts.Accounts;
using Utilities.Platform.Modules;

namespace Utilities.Contracts.Generation;

/// <summary>
/// Writes the generated scale data set (<see cref="ScaleDataGenerator"/>) with binary COPY, one
/// table after another in one transaction: organisations, buildings, premises, owners, consumers,
/// contracts and four personal accounts per flat. Ids are given here, from past the larger of the
/// table's maximum id and its identity sequence, under an exclusive lock of the tables (readers
/// go on); the sequences are moved past the new rows before the commit. The data set goes in
/// once per database, next to the demo data or the office's own records: a second load, or one
/// that would collide with existing numbers or codes, writes nothing and says why.
/// </summary>
internal sealed class ContractsScaleData(NpgsqlDataSource dataSource, ILogger<ContractsScaleData> logger) : IScaleData
{
    private const string Schema = ContractsModule.SchemaName;
    private const string CreatedBy = "scale-data";

    private static readonly string[] Tables =
        ["organisations", "buildings", "premises", "premises_owners", "consumers", "contracts", "personal_accounts"];

    private static readonly char[] AttachAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".ToCharArray();

    public int Order => 10;

    public async Task<IReadOnlyList<(string Table, long Rows)>> LoadAsync(ScaleDataRequest request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.Premises);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Premises, 10_000_000);
        var watch = Stopwatch.StartNew();
        var data = ScaleDataGenerator.Generate(request.Premises, request.Seed);
        logger.LogInformation("Scale data generated in {Elapsed} ms: {Buildings} buildings, {Flats} flats", watch.ElapsedMilliseconds, data.Buildings.Count, data.Flats.Length);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"lock table {string.Join(", ", Tables.Select(t => $"{Schema}.{t}"))} in exclusive mode", cancellationToken);
        await RefuseCollisionsAsync(connection, data, cancellationToken);

        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in Tables)
            ids[table] = await FirstFreeIdAsync(connection, table, cancellationToken);

        var rows = new List<(string Table, long Rows)>();
        try
        {
            async Task Copy(string table, Func<Task<long>> copy)
            {
                var started = watch.ElapsedMilliseconds;
                rows.Add((table, await copy()));
                logger.LogInformation("COPY {Table}: {Rows} rows in {Elapsed} ms", table, rows[^1].Rows, watch.ElapsedMilliseconds - started);
            }

            await Copy("organisations", () => CopyOrganisationsAsync(connection, data, ids["organisations"], cancellationToken));
            await Copy("buildings", () => CopyBuildingsAsync(connection, data, ids["buildings"], cancellationToken));
            await Copy("premises", () => CopyPremisesAsync(connection, data, ids, cancellationToken));
            await Copy("premises_owners", () => CopyOwnersAsync(connection, data, ids, cancellationToken));
            await Copy("consumers", () => CopyConsumersAsync(connection, data, ids["consumers"], cancellationToken));
            await Copy("contracts", () => CopyContractsAsync(connection, data, ids, cancellationToken));
            await Copy("personal_accounts", () => CopyAccountsAsync(connection, data, ids, cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ScaleDataConflictException(
                $"the scale data collides with records already in the database ({e.ConstraintName}: {e.Detail}); nothing was written", e);
        }

        foreach (var (table, count) in rows)
        {
            await ExecuteAsync(
                connection,
                $"select setval(pg_get_serial_sequence('{Schema}.{table}', 'id'), {ids[table] + count - 1})",
                cancellationToken);
        }

        // The office numbers new accounts from this sequence: move it past the generated numbers.
        await ExecuteAsync(
            connection,
            $"""
            select setval('{Schema}.account_number_seq', greatest(
                (select last_value from {Schema}.account_number_seq),
                coalesce((select max(number::bigint) from {Schema}.personal_accounts where number ~ '^[0-9]+$' and length(number) <= 18), 0)))
            """,
            cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Scale data of Contracts committed at {Elapsed} ms", watch.ElapsedMilliseconds);
        await ExecuteAsync(connection, $"analyze {string.Join(", ", Tables.Select(t => $"{Schema}.{t}"))}", cancellationToken);
        logger.LogInformation("Scale data of Contracts written and analysed in {Elapsed} ms", watch.ElapsedMilliseconds);
        return rows;
    }

    private static async Task RefuseCollisionsAsync(NpgsqlConnection connection, ScaleDataSet data, CancellationToken cancellationToken)
    {
        var loaded = await ScalarAsync(
            connection, $"select count(*) from {Schema}.contracts where number like '{ScaleDataSet.ContractPrefix}%'", cancellationToken);
        if (loaded > 0)
        {
            throw new ScaleDataConflictException(
                $"the scale data set is already in this database ({loaded} contracts numbered {ScaleDataSet.ContractPrefix}…); load it into a fresh database");
        }

        var last = ScaleDataSet.FirstAccountNumber + data.AccountCount - 1;
        var taken = await ScalarAsync(
            connection,
            $"select count(*) from {Schema}.personal_accounts where case when number ~ '^[0-9]{{1,18}}$' then number::bigint end between {ScaleDataSet.FirstAccountNumber} and {last}",
            cancellationToken);
        if (taken > 0)
        {
            throw new ScaleDataConflictException(
                $"{taken} personal accounts already hold numbers in {ScaleDataSet.FirstAccountNumber}…{last}, the range of the scale data set; load it into a fresh database");
        }
    }

    /// <summary>Past both the largest id and the sequence (which may have run ahead of rolled-back inserts).</summary>
    private static async Task<long> FirstFreeIdAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var sequence = $"pg_get_serial_sequence('{Schema}.{table}', 'id')";
        return 1 + await ScalarAsync(
            connection,
            $"""
            select greatest(
                (select coalesce(max(id), 0) from {Schema}.{table}),
                (select coalesce(pg_sequence_last_value({sequence}::regclass), 0)))
            """,
            cancellationToken);
    }

    private static async Task<long> CopyOrganisationsAsync(NpgsqlConnection connection, ScaleDataSet data, long firstId, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"copy {Schema}.organisations (id, kind, name, inn, kpp, bank_name, bic, correspondent_account, settlement_account) from stdin (format binary)",
            cancellationToken);
        var id = firstId;
        foreach (var o in data.Organisations)
        {
            writer.StartRow();
            writer.Write(id++, NpgsqlDbType.Bigint);
            writer.Write(o.Kind, NpgsqlDbType.Varchar);
            writer.Write(o.Name, NpgsqlDbType.Varchar);
            writer.Write(o.Inn, NpgsqlDbType.Varchar);
            writer.Write(o.Kpp, NpgsqlDbType.Varchar);
            writer.Write(o.BankName, NpgsqlDbType.Varchar);
            writer.Write(o.Bic, NpgsqlDbType.Varchar);
            writer.Write(o.CorrespondentAccount, NpgsqlDbType.Varchar);
            writer.Write(o.SettlementAccount, NpgsqlDbType.Varchar);
        }

        return (long)await writer.CompleteAsync(cancellationToken);
    }

    private static async Task<long> CopyBuildingsAsync(NpgsqlConnection connection, ScaleDataSet data, long firstId, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"copy {Schema}.buildings (id, address, total_area, floors, has_heat_meter) from stdin (format binary)", cancellationToken);
        var id = firstId;
        foreach (var b in data.Buildings)
        {
            writer.StartRow();
            writer.Write(id++, NpgsqlDbType.Bigint);
            writer.Write(b.Address, NpgsqlDbType.Varchar);
            writer.Write(b.TotalArea, NpgsqlDbType.Numeric);
            writer.Write(b.Floors, NpgsqlDbType.Integer);
            writer.Write(b.HasHeatMeter, NpgsqlDbType.Boolean);
        }

        return (long)await writer.CompleteAsync(cancellationToken);
    }

    private static async Task<long> CopyPremisesAsync(NpgsqlConnection connection, ScaleDataSet data, Dictionary<string, long> ids, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"copy {Schema}.premises (id, building_id, number, area, rooms, residents, payer_code) from stdin (format binary)", cancellationToken);
        for (var i = 0; i < data.Flats.Length; i++)
        {
            var f = data.Flats[i];
            writer.StartRow();
            writer.Write(ids["premises"] + i, NpgsqlDbType.Bigint);
            writer.Write(ids["buildings"] + f.Building, NpgsqlDbType.Bigint);
            writer.Write(f.Number, NpgsqlDbType.Varchar);
            writer.Write(f.Area, NpgsqlDbType.Numeric);
            writer.Write(f.Rooms, NpgsqlDbType.Integer);
            writer.Write(f.Residents, NpgsqlDbType.Integer);
            writer.Write(f.PayerCode, NpgsqlDbType.Varchar);
        }

        return (long)await writer.CompleteAsync(cancellationToken);
    }

    private static async Task<long> CopyOwnersAsync(NpgsqlConnection connection, ScaleDataSet data, Dictionary<string, long> ids, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"copy {Schema}.premises_owners (id, premises_id, full_name, share) from stdin (format binary)", cancellationToken);
        var id = ids["premises_owners"];
        for (var i = 0; i < data.Flats.Length; i++)
        {
            var f = data.Flats[i];
            var share = f.CoOwner is null ? null : "1/2";
            WriteOwner(writer, id++, ids["premises"] + i, f.Holder.FullName, share);
            if (f.CoOwner is { } coOwner)
                WriteOwner(writer, id++, ids["premises"] + i, coOwner.FullName, share);
        }

        return (long)await writer.CompleteAsync(cancellationToken);

        static void WriteOwner(NpgsqlBinaryImporter writer, long id, long premisesId, string name, string? share)
        {
            writer.StartRow();
            writer.Write(id, NpgsqlDbType.Bigint);
            writer.Write(premisesId, NpgsqlDbType.Bigint);
            writer.Write(name, NpgsqlDbType.Varchar);
            if (share is null)
                writer.WriteNull();
            else
                writer.Write(share, NpgsqlDbType.Varchar);
        }
    }

    private static async Task<long> CopyConsumersAsync(NpgsqlConnection connection, ScaleDataSet data, long firstId, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"copy {Schema}.consumers (id, full_name, email, phone, created_at) from stdin (format binary)", cancellationToken);
        for (var i = 0; i < data.Flats.Length; i++)
        {
            var f = data.Flats[i];
            writer.StartRow();
            writer.Write(firstId + i, NpgsqlDbType.Bigint);
            writer.Write(f.Holder.FullName, NpgsqlDbType.Varchar);
            if (f.Email is null)
                writer.WriteNull();
            else
                writer.Write(f.Email, NpgsqlDbType.Varchar);
            writer.Write(f.Phone, NpgsqlDbType.Varchar);
            writer.Write(f.CreatedAt, NpgsqlDbType.TimestampTz);
        }

        return (long)await writer.CompleteAsync(cancellationToken);
    }

    private static async Task<long> CopyContractsAsync(NpgsqlConnection connection, ScaleDataSet data, Dictionary<string, long> ids, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"copy {Schema}.contracts (id, number, consumer_id, premises_id, concluded_on, deemed, created_at, created_by) from stdin (format binary)",
            cancellationToken);
        for (var i = 0; i < data.Flats.Length; i++)
        {
            var f = data.Flats[i];
            writer.StartRow();
            writer.Write(ids["contracts"] + i, NpgsqlDbType.Bigint);
            writer.Write(ScaleDataSet.ContractNumber(i, f.ConcludedOn), NpgsqlDbType.Varchar);
            writer.Write(ids["consumers"] + i, NpgsqlDbType.Bigint);
            writer.Write(ids["premises"] + i, NpgsqlDbType.Bigint);
            writer.Write(f.ConcludedOn, NpgsqlDbType.Date);
            writer.Write(f.Deemed, NpgsqlDbType.Boolean);
            writer.Write(f.CreatedAt, NpgsqlDbType.TimestampTz);
            writer.Write(CreatedBy, NpgsqlDbType.Varchar);
        }

        return (long)await writer.CompleteAsync(cancellationToken);
    }

    private static async Task<long> CopyAccountsAsync(NpgsqlConnection connection, ScaleDataSet data, Dictionary<string, long> ids, CancellationToken cancellationToken)
    {
        // Attach codes come from their own stream of the seed: the same seed gives the same codes.
        var random = new Random(data.Seed ^ 0x5EED_C0DE);
        var code = new char[AttachCode.Length];
        await using var writer = await connection.BeginBinaryImportAsync(
            $"copy {Schema}.personal_accounts (id, number, contract_id, premises_id, utility, supplier_id, opened_on, attach_code) from stdin (format binary)",
            cancellationToken);
        var id = ids["personal_accounts"];
        for (var i = 0; i < data.Flats.Length; i++)
        {
            var f = data.Flats[i];
            for (var s = 0; s < ScaleDataSet.Services.Length; s++)
            {
                var (utility, supplier) = ScaleDataSet.Services[s];
                random.GetItems<char>(AttachAlphabet, code);
                writer.StartRow();
                writer.Write(id++, NpgsqlDbType.Bigint);
                writer.Write(ScaleDataSet.AccountNumber(i, s), NpgsqlDbType.Varchar);
                writer.Write(ids["contracts"] + i, NpgsqlDbType.Bigint);
                writer.Write(ids["premises"] + i, NpgsqlDbType.Bigint);
                writer.Write(utility, NpgsqlDbType.Varchar);
                writer.Write(ids["organisations"] + supplier, NpgsqlDbType.Bigint);
                writer.Write(f.ConcludedOn, NpgsqlDbType.Date);
                writer.Write(new string(code), NpgsqlDbType.Varchar);
            }
        }

        return (long)await writer.CompleteAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
