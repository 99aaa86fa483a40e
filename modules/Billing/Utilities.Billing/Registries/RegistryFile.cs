using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Utilities.Billing.Payments;
using Utilities.Platform.Input;

namespace Utilities.Billing.Registries;

/// <summary>One data line of a registry as read by the bank's map; <see cref="Problem"/> set when the line itself is bad.</summary>
internal sealed record RegistryLine(
    int Line,
    string Raw,
    string? Document,
    string? Reference,
    string? Contract,
    string? Address,
    string? Payer,
    DateOnly? PaidOn,
    DateOnly? ForPeriod,
    decimal? Amount,
    string? Problem = null,
    string? ProblemDetail = null);

/// <summary>A whole file read: its encoding and lines, or why it is refused as a whole (nothing of it is stored).</summary>
internal sealed record RegistryContent(string Encoding, IReadOnlyList<RegistryLine> Lines, string? Problem = null, string? ProblemDetail = null);

/// <summary>
/// Reads a bank's semicolon-separated registry: decodes it (UTF-8 with or without BOM, CP1251 or
/// CP866: the bank's map says which, a UTF-8 file or the other Cyrillic code page is recognised),
/// splits the lines by the map and parses each field. A file is refused as a whole when it is no
/// text, not in its encoding, has no line with the map's columns or its totals line (a line
/// starting with '=': count;sum) disagrees with its rows, which is how a truncated file shows.
/// </summary>
internal static class RegistryFile
{
    public const int MaxBytes = 64 * 1024 * 1024;

    private static readonly string[] DateFallbacks = ["dd.MM.yyyy", "dd-MM-yyyy", "dd/MM/yyyy", "yyyy-MM-dd", "dd.MM.yy", "ddMMyyyy"];
    private static readonly string[] PeriodFallbacks = ["MMyyyy", "MM.yyyy", "MM-yyyy", "MM/yyyy", "yyyy-MM", "MMyy", "MM.yy"];

    public static readonly string[] Encodings = ["windows-1251", "cp866", "utf-8"];

    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static RegistryContent Read(ReadOnlySpan<byte> bytes, RegistryBank bank, string? encodingOverride)
    {
        if (bytes.IsEmpty)
            return new RegistryContent(bank.Encoding, [], "Empty");
        if (bytes.IndexOf((byte)0) >= 0)
            return new RegistryContent(bank.Encoding, [], "NotText");
        if (Decode(bytes, bank.Encoding, encodingOverride) is not { } decoded)
            return new RegistryContent(encodingOverride ?? bank.Encoding, [], "NotUtf8");
        var (encoding, text) = decoded;
        var delimiter = bank.Delimiter.Length == 1 ? bank.Delimiter[0] : ';';
        var needed = new[] { bank.DateColumn, bank.DocumentColumn, bank.ReferenceColumn, bank.ContractColumn, bank.AddressColumn, bank.PayerColumn, bank.PeriodColumn, bank.AmountColumn }.Max();
        var lines = new List<RegistryLine>();
        (int Count, decimal Sum, int Line)? totals = null;
        var number = 0;
        var wellFormed = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').Trim();
            if (number <= bank.SkipLines || line.Length == 0)
                continue;
            if (line[0] == '=')
            {
                var parts = line[1..].Split(delimiter);
                if (parts.Length >= 2 && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && DecimalInput.Parse(parts[1]) is { } sum)
                    totals = (count, sum, number);
                continue;
            }

            if (line.AsSpan().IndexOfAnyInRange('\u0001', '\u0008') >= 0)
                return new RegistryContent(encoding, [], "NotText");
            var fields = line.Split(delimiter);
            if (fields.Length >= needed)
                wellFormed++;
            lines.Add(Parse(number, line, fields, needed, bank));
        }

        if (lines.Count == 0)
            return new RegistryContent(encoding, [], "Empty");
        if (wellFormed == 0)
            return new RegistryContent(encoding, [], "NoColumns", $"{needed}|{bank.Name}");
        if (totals is { } t && (t.Count != lines.Count || t.Sum != lines.Sum(l => l.Amount ?? 0)))
        {
            return new RegistryContent(encoding, [], "Totals", string.Create(CultureInfo.InvariantCulture,
                $"{t.Count}|{t.Sum:0.00}|{lines.Count}|{lines.Sum(l => l.Amount ?? 0):0.00}"));
        }

        return new RegistryContent(encoding, lines);
    }

    /// <summary>The text and the encoding it was read in; null when UTF-8 was asked for and the bytes are not UTF-8.</summary>
    private static (string Encoding, string Text)? Decode(ReadOnlySpan<byte> bytes, string mapEncoding, string? encodingOverride)
    {
        var strict = new UTF8Encoding(false, true);
        var bom = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        if (bom)
            bytes = bytes[3..];
        if (bom || encodingOverride == "utf-8" || (encodingOverride is null && mapEncoding == "utf-8"))
        {
            try
            {
                return ("utf-8", strict.GetString(bytes));
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }

        if (encodingOverride is not null)
            return (encodingOverride, CodePage(encodingOverride).GetString(bytes));
        try
        {
            // A file that is valid UTF-8 with letters beyond ASCII is UTF-8 whatever the map says (banks move to it).
            var text = strict.GetString(bytes);
            if (text.Any(c => c > '\u007f'))
                return ("utf-8", text);
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: one of the Cyrillic code pages.
        }

        var encoding = SingleByte(bytes, mapEncoding);
        return (encoding, CodePage(encoding).GetString(bytes));
    }

    private static Encoding CodePage(string name)
    {
        // .NET has the code pages but does not offer them until the provider is registered (registering again changes nothing).
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name == "cp866" ? 866 : 1251);
    }

    /// <summary>
    /// CP1251 or CP866 by where the Cyrillic letters fall: CP866 puts А–п at 0x80–0xAF (in CP1251
    /// mostly punctuation), CP1251 puts А–Я at 0xC0–0xDF (in CP866 box drawing). The map's choice
    /// stands unless the bytes say otherwise three to one.
    /// </summary>
    private static string SingleByte(ReadOnlySpan<byte> bytes, string mapEncoding)
    {
        long cp866 = 0, cp1251 = 0;
        foreach (var b in bytes)
        {
            if (b is >= 0x80 and <= 0xAF && b != 0xA8)
                cp866++;
            else if (b is >= 0xC0 and <= 0xDF || (b >= 0xF2 && b != 0xFC))
                cp1251++;
        }

        if (cp866 >= 20 && cp866 > 3 * cp1251)
            return "cp866";
        if (cp1251 >= 20 && cp1251 > 3 * cp866)
            return "windows-1251";
        return mapEncoding == "utf-8" ? "windows-1251" : mapEncoding;
    }

    private static RegistryLine Parse(int number, string raw, string[] fields, int needed, RegistryBank bank)
    {
        string? Field(int column) => column > 0 && column <= fields.Length && fields[column - 1].Trim().Trim('"').Trim() is { Length: > 0 } value ? value : null;

        var line = new RegistryLine(number, raw, Field(bank.DocumentColumn), Field(bank.ReferenceColumn), Field(bank.ContractColumn), Field(bank.AddressColumn),
            Field(bank.PayerColumn), null, null, null);
        if (fields.Length < needed)
            return line with { Problem = "Columns", ProblemDetail = $"{fields.Length}|{needed}" };
        var amountText = Field(bank.AmountColumn);
        // An amount beyond any payment is a bad row here, so the file's sums can never overflow.
        if (DecimalInput.Parse(amountText) is not { } amount || Math.Abs(amount) > PaymentPosting.MaxAmount * 10)
            return line with { Problem = "Amount", ProblemDetail = amountText ?? string.Empty };
        line = line with { Amount = amount };
        var dateText = Field(bank.DateColumn);
        if (ParseDate(dateText, bank.DateFormat) is not { } paidOn)
            return line with { Problem = "Date", ProblemDetail = dateText ?? string.Empty };
        line = line with { PaidOn = paidOn };
        var periodText = Field(bank.PeriodColumn);
        if (periodText is not null)
        {
            if (ParsePeriod(periodText, bank.PeriodFormat) is not { } period)
                return line with { Problem = "Period", ProblemDetail = periodText };
            line = line with { ForPeriod = period };
        }

        return line;
    }

    private static DateOnly? ParseDate(string? text, string format) =>
        text is not null && DateOnly.TryParseExact(text, [format, .. DateFallbacks], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year >= 2000
            ? date
            : null;

    private static DateOnly? ParsePeriod(string text, string format) =>
        DateOnly.TryParseExact(text, [format, .. PeriodFallbacks], CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && month.Year >= 2000
            ? new DateOnly(month.Year, month.Month, 1)
            : null;

    /// <summary>
    /// The row's identity across files: the bank, the payment's date, the bank's document number and
    /// the amount; without a document number a hash of the row's normalised fields. A row sent again
    /// in another file has the same source and is not counted twice.
    /// </summary>
    public static string Source(string bank, RegistryLine line)
    {
        var amount = line.Amount!.Value.ToString("0.00", CultureInfo.InvariantCulture);
        if (line.Document is { Length: <= 80 } document)
            return $"registry:{bank}:{line.PaidOn:yyyyMMdd}:{document}:{amount}";
        var normal = string.Join('|', line.PaidOn?.ToString("yyyyMMdd", CultureInfo.InvariantCulture), line.Document, Normal(line.Reference), Normal(line.Contract),
            Normal(line.Address), Normal(line.Payer), line.ForPeriod?.ToString("yyyyMM", CultureInfo.InvariantCulture), amount);
        return $"registry:{bank}:h:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normal)))[..40]}";
    }

    private static string Normal(string? value) => value is null ? string.Empty : string.Join(' ', value.ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
