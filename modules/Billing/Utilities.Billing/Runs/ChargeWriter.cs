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
            copy.StartRow();
            copy.Write(runId, NpgsqlDbType.Bigint);
            copy.Write(period, NpgsqlDbType.Date);
            copy.Write(line.ForPeriod == default ? period : line.ForPeriod, NpgsqlDbType.Date);
            copy.Write(line.AccountId, NpgsqlDbType.Bigint);
            copy.Write(line.PremisesId, NpgsqlDbType.Bigint);
            copy.Write(line.SupplierId, NpgsqlDbType.Bigint);
            copy.Write(line.Utility, NpgsqlDbType.Varchar);
            WriteNullable(copy, line.TariffId, NpgsqlDbType.Bigint);
            copy.Write((short)line.Kind, NpgsqlDbType.Smallint);
            copy.Write(line.Component, NpgsqlDbType.Varchar);
            WriteNullable(copy, line.Register, NpgsqlDbType.Varchar);
            copy.Write(line.Basis, NpgsqlDbType.Smallint);
            copy.Write(line.Volume, NpgsqlDbType.Numeric);
            copy.Write(line.Unit, NpgsqlDbType.Varchar);
            copy.Write(line.Price, NpgsqlDbType.Numeric);
            copy.Write(line.Amount, NpgsqlDbType.Numeric);
            copy.Write(line.LineFrom, NpgsqlDbType.Date);
            copy.Write(line.LineTo, NpgsqlDbType.Date);
            WriteNullable(copy, line.ReversesId, NpgsqlDbType.Bigint);
            WriteNullable(copy, line.Reason, NpgsqlDbType.Text);
            WriteNullable(copy, line.MeterId, NpgsqlDbType.Bigint);
            WriteNullable(copy, line.Opening, NpgsqlDbType.Numeric);
            WriteNullable(copy, line.Closing, NpgsqlDbType.Numeric);
            copy.Write(line.ExplanationRu, NpgsqlDbType.Text);
            copy.Write(line.ExplanationEn, NpgsqlDbType.Text);
        }

        return (long)await copy.CompleteAsync(cancellationToken);
    }

    public static async Task WriteEstimationsAsync(NpgsqlConnection connection, long runId, DateOnly period, IEnumerable<Estimation> estimations, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "copy billing.estimations (period, account_id, meter_id, register, chain, seq, basis, volume, run_id) from stdin (format binary)", cancellationToken);
        foreach (var e in estimations)
        {
            copy.StartRow();
            copy.Write(period, NpgsqlDbType.Date);
            copy.Write(e.AccountId, NpgsqlDbType.Bigint);
            copy.Write(e.MeterId, NpgsqlDbType.Bigint);
            copy.Write(e.Register, NpgsqlDbType.Varchar);
            copy.Write(e.Chain, NpgsqlDbType.Char);
            copy.Write(e.Seq, NpgsqlDbType.Smallint);
            copy.Write(e.Basis, NpgsqlDbType.Smallint);
            copy.Write(e.Volume, NpgsqlDbType.Numeric);
            copy.Write(runId, NpgsqlDbType.Bigint);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    // Synchronous writes: the importer buffers rows and sends full buffers; an await per field costs more than the field.
    private static void WriteNullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v)
            copy.Write(v, type);
        else
            copy.WriteNull();
    }

    private static void WriteNullable(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type)
    {
        if (value is not null)
            copy.Write(value, type);
        else
            copy.WriteNull();
    }
}
