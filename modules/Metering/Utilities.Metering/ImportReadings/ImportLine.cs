using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Utilities.Metering.ImportReadings;

/// <summary>The raw fields of one data line, as UTF-8 bytes; empty where the line has none.</summary>
internal ref struct ImportFields
{
    public ReadOnlySpan<byte> Serial;
    public ReadOnlySpan<byte> Register;
    public ReadOnlySpan<byte> TakenAt;
    public ReadOnlySpan<byte> Value;
    public ReadOnlySpan<byte> Utility;
}

/// <summary>
/// Splits one line of the file into its fields without allocating on the common path: CSV by the
/// header's column order (comma or semicolon, simple double quotes), JSON lines by property name.
/// </summary>
internal sealed class ImportLine
{
    public const string Serial = "serial";
    public const string Register = "register";
    public const string TakenAt = "taken_at";
    public const string Value = "value";
    public const string Utility = "utility";

    private static readonly string[] Required = [Serial, Register, TakenAt, Value];

    private readonly ReadingImportFormat format;
    private byte separator = (byte)',';
    private int[] columns = [];
    private int requiredLast;

    public ImportLine(ReadingImportFormat format) => this.format = format;

    /// <summary>For CSV: reads the header; null when it is good, else the missing column names.</summary>
    public string? ReadHeader(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line).Trim();
        if (!text.Contains(',', StringComparison.Ordinal) && text.Contains(';', StringComparison.Ordinal))
            separator = (byte)';';
        var names = text.Split((char)separator).Select(n => n.Trim().Trim('"').Trim().ToLowerInvariant().Replace(' ', '_')).ToList();
        columns = new[] { Serial, Register, TakenAt, Value, Utility }.Select(n => names.IndexOf(n)).ToArray();
        requiredLast = columns.Take(Required.Length).Max();
        var missing = Required.Where((_, i) => columns[i] < 0).ToList();
        return missing.Count == 0 ? null : string.Join(", ", missing);
    }

    /// <summary>Null when the fields were found; else why the line cannot be read.</summary>
    public string? TrySplit(ReadOnlySpan<byte> line, ref ImportFields fields, ref byte[]? scratch) =>
        format == ReadingImportFormat.Csv ? SplitCsv(line, ref fields, ref scratch) : SplitJson(line, ref fields, ref scratch);

    private string? SplitCsv(ReadOnlySpan<byte> line, ref ImportFields fields, ref byte[]? scratch)
    {
        var index = 0;
        var pos = 0;
        var used = 0;
        while (true)
        {
            var rest = line[pos..];
            var lead = rest.Length - rest.TrimStart((byte)' ').Length;
            if (lead < rest.Length && rest[lead] == (byte)'"')
            {
                // Rare: a quoted field ("" is a quote inside it), unquoted into scratch.
                if (scratch is null || scratch.Length < line.Length)
                    scratch = new byte[Math.Max(256, line.Length)];
                var start = used;
                var k = pos + lead + 1;
                var closed = false;
                while (k < line.Length)
                {
                    if (line[k] == (byte)'"')
                    {
                        if (k + 1 < line.Length && line[k + 1] == (byte)'"')
                        {
                            scratch[used++] = (byte)'"';
                            k += 2;
                            continue;
                        }

                        closed = true;
                        k++;
                        break;
                    }

                    scratch[used++] = line[k++];
                }

                if (!closed)
                    return "quote";
                Assign(index++, scratch.AsSpan(start, used - start), ref fields);
                var next = line[k..].IndexOf(separator);
                if (next < 0)
                    break;
                pos = k + next + 1;
            }
            else
            {
                var end = rest.IndexOf(separator);
                Assign(index++, (end < 0 ? rest : rest[..end]).Trim((byte)' '), ref fields);
                if (end < 0)
                    break;
                pos += end + 1;
            }
        }

        return index <= requiredLast ? "columns" : null;
    }

    private void Assign(int index, ReadOnlySpan<byte> field, ref ImportFields fields)
    {
        if (index == columns[0]) fields.Serial = field;
        else if (index == columns[1]) fields.Register = field;
        else if (index == columns[2]) fields.TakenAt = field;
        else if (index == columns[3]) fields.Value = field;
        else if (index == columns[4]) fields.Utility = field;
    }

    private static string? SplitJson(ReadOnlySpan<byte> line, ref ImportFields fields, ref byte[]? scratch)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return "json";
            var used = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                if (!reader.Read())
                    return "json";
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                ReadOnlySpan<byte> value = reader.TokenType == JsonTokenType.Null ? default : reader.ValueSpan;
                if (reader.ValueIsEscaped)
                {
                    // Rare: escaped strings. Unescape into scratch (each field its own slice).
                    var text = reader.GetString() ?? string.Empty;
                    scratch ??= new byte[Math.Max(256, line.Length * 2)];
                    if (used + Encoding.UTF8.GetMaxByteCount(text.Length) > scratch.Length)
                        return "json";
                    var count = Encoding.UTF8.GetBytes(text, scratch.AsSpan(used));
                    value = scratch.AsSpan(used, count);
                    used += count;
                }

                if (name.SequenceEqual("serial"u8)) fields.Serial = value;
                else if (name.SequenceEqual("register"u8)) fields.Register = value;
                else if (name.SequenceEqual("taken_at"u8) || name.SequenceEqual("takenAt"u8)) fields.TakenAt = value;
                else if (name.SequenceEqual("value"u8)) fields.Value = value;
                else if (name.SequenceEqual("utility"u8)) fields.Utility = value;
            }

            return reader.TokenType == JsonTokenType.EndObject ? null : "json";
        }
        catch (JsonException)
        {
            return "json";
        }
    }

    /// <summary>A number as meters and files write it: <c>12345.678</c>; with a semicolon separator also <c>12345,678</c>.</summary>
    public static decimal? ParseValue(ReadOnlySpan<byte> text)
    {
        const NumberStyles styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        if (decimal.TryParse(text, styles, CultureInfo.InvariantCulture, out var value))
            return value;
        var comma = text.IndexOf((byte)',');
        if (comma < 0 || text.Length > 64 || text.LastIndexOf((byte)',') != comma)
            return null;
        Span<byte> copy = stackalloc byte[text.Length];
        text.CopyTo(copy);
        copy[comma] = (byte)'.';
        return decimal.TryParse(copy, styles, CultureInfo.InvariantCulture, out value) ? value : null;
    }

    /// <summary>
    /// ISO 8601 local time: <c>2026-11-01T00:00</c>, <c>2026-11-01 00:00:00</c>, seconds and fractions
    /// optional, or a date alone (00:00). An offset (<c>Z</c>, <c>+03:00</c>) is taken into the
    /// organisation's zone, because readings are kept in the site's local time.
    /// </summary>
    public static DateTime? ParseTakenAt(ReadOnlySpan<byte> text, TimeZoneInfo zone)
    {
        if (text.Length < 10 || !Digits(text, 0, 4, out var year) || text[4] != '-' || !Digits(text, 5, 2, out var month) || text[7] != '-' || !Digits(text, 8, 2, out var day))
            return null;
        int hour = 0, minute = 0, second = 0;
        long ticks = 0;
        var i = 10;
        if (text.Length > 10)
        {
            if ((text[10] != 'T' && text[10] != ' ') || text.Length < 16 || !Digits(text, 11, 2, out hour) || text[13] != ':' || !Digits(text, 14, 2, out minute))
                return null;
            i = 16;
            if (i < text.Length && text[i] == ':')
            {
                if (!Digits(text, 17, 2, out second))
                    return null;
                i = 19;
                if (i < text.Length && text[i] == '.')
                {
                    i++;
                    var scale = TimeSpan.TicksPerSecond;
                    var start = i;
                    while (i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9')
                    {
                        scale /= 10;
                        ticks += (text[i] - '0') * scale;
                        i++;
                    }

                    if (i == start)
                        return null;
                }
            }
        }

        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return null;
        var local = new DateTime(year, month, day, hour, minute, second).AddTicks(ticks);
        if (i == text.Length)
            return local;

        TimeSpan offset;
        if (text[i] == 'Z' && i + 1 == text.Length)
            offset = TimeSpan.Zero;
        else if (text[i] is (byte)'+' or (byte)'-' && text.Length - i == 6 && Digits(text, i + 1, 2, out var oh) && text[i + 3] == ':' && Digits(text, i + 4, 2, out var om))
            offset = (text[i] == '-' ? -1 : 1) * new TimeSpan(oh, om, 0);
        else
            return null;
        return TimeZoneInfo.ConvertTime(new DateTimeOffset(local, offset), zone).DateTime;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length)
            return false;
        for (var k = start; k < start + count; k++)
        {
            var d = text[k] - '0';
            if (d is < 0 or > 9)
                return false;
            value = value * 10 + d;
        }

        return true;
    }
}
