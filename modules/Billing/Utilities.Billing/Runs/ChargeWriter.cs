using Npgsql;
using NpgsqlTypes;
using Utilities.Billing.Data;

namespace Utilities.Billing.Runs;

/// <summary>Writes a batch of charge lines and estimations with binary COPY (issue 6: no row-by-row inserts in a run).</summary>
internal static class ChargeWriter
{
    public static async Task<long> WriteLinesAsync(NpgsqlConnection connection, long runId, DateOnly period, IEnumerable<ChargeLineRow> lines, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync("""
            copy billing.charge_lines (run_id, period, for_period, account_id, premises_id, supplier_id, utility, tariff_id, kind,
                component, register, basis, volume, unit, price, amount, line_from, line_to, reverses_id, reason,
                meter_id, opening, closing, explanation_ru, explanation_en) from stdin (format binary)
            """, cancellationToken);
        foreach (var line in lines)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(runId, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(period, NpgsqlDbType.Date, cancellationToken);
            await copy.WriteAsync(line.ForPeriod == default ? period : line.ForPeriod, NpgsqlDbType.Date, cancellationToken);
            await copy.WriteAsync(line.AccountId, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(line.PremisesId, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(line.SupplierId, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(line.Utility, NpgsqlDbType.Varchar, cancellationToken);
            await WriteNullableAsync(copy, line.TariffId, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync((short)line.Kind, NpgsqlDbType.Smallint, cancellationToken);
            await copy.WriteAsync(line.Component, NpgsqlDbType.Varchar, cancellationToken);
            await WriteNullableAsync(copy, line.Register, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(line.Basis, NpgsqlDbType.Smallint, cancellationToken);
            await copy.WriteAsync(line.Volume, NpgsqlDbType.Numeric, cancellationToken);
            await copy.WriteAsync(line.Unit, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(line.Price, NpgsqlDbType.Numeric, cancellationToken);
            await copy.WriteAsync(line.Amount, NpgsqlDbType.Numeric, cancellationToken);
            await copy.WriteAsync(line.LineFrom, NpgsqlDbType.Date, cancellationToken);
            await copy.WriteAsync(line.LineTo, NpgsqlDbType.Date, cancellationToken);
            await WriteNullableAsync(copy, line.ReversesId, NpgsqlDbType.Bigint, cancellationToken);
            await WriteNullableAsync(copy, line.Reason, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(copy, line.MeterId, NpgsqlDbType.Bigint, cancellationToken);
            await WriteNullableAsync(copy, line.Opening, NpgsqlDbType.Numeric, cancellationToken);
            await WriteNullableAsync(copy, line.Closing, NpgsqlDbType.Numeric, cancellationToken);
            await copy.WriteAsync(line.ExplanationRu, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(line.ExplanationEn, NpgsqlDbType.Text, cancellationToken);
        }

        return (long)await copy.CompleteAsync(cancellationToken);
    }

    public static async Task WriteEstimationsAsync(NpgsqlConnection connection, long runId, DateOnly period, IEnumerable<Estimation> estimations, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "copy billing.estimations (period, account_id, meter_id, register, chain, seq, basis, volume, run_id) from stdin (format binary)", cancellationToken);
        foreach (var e in estimations)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(period, NpgsqlDbType.Date, cancellationToken);
            await copy.WriteAsync(e.AccountId, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(e.MeterId, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(e.Register, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(e.Chain, NpgsqlDbType.Char, cancellationToken);
            await copy.WriteAsync(e.Seq, NpgsqlDbType.Smallint, cancellationToken);
            await copy.WriteAsync(e.Basis, NpgsqlDbType.Smallint, cancellationToken);
            await copy.WriteAsync(e.Volume, NpgsqlDbType.Numeric, cancellationToken);
            await copy.WriteAsync(runId, NpgsqlDbType.Bigint, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken) where T : struct =>
        value is { } v ? copy.WriteAsync(v, type, cancellationToken) : copy.WriteNullAsync(cancellationToken);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is not null ? copy.WriteAsync(value, type, cancellationToken) : copy.WriteNullAsync(cancellationToken);
}
