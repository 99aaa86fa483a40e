using System.Globalization;
using System.Text;

namespace Utilities.Metering.ImportReadings;

/// <summary>A row refused by a rule: its line, a resource key and the key's one argument.</summary>
internal readonly record struct ImportRejection(long Line, string Key, object? Argument = null);

/// <summary>
/// One batch of parsed rows: what can be checked without the meter is checked as the line is
/// read; the meters of serials not seen before are then looked up in one query, and the rest of
/// the rules applied. Serials and registers are kept as shared strings (one per distinct text).
/// </summary>
internal sealed class ImportBatch(int capacity, DateTime nowLocal, TimeZoneInfo zone)
{
    private const int MaxDecimals = Readings.ReadingIntake.MaxDecimals;

    private struct PendingRow
    {
        public long Line;
        public string Serial;
        public string? Utility;
        public string Register;
        public DateTime TakenAt;
        public decimal Value;
    }

    private readonly PendingRow[] pending = new PendingRow[capacity];
    private readonly Dictionary<string, ImportMeter[]> meters = new(StringComparer.Ordinal);
    private readonly HashSet<string> unseen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> words = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public bool IsFull => Count == pending.Length;

    public List<ImportRejection> Rejections { get; } = [];

    private StagedRow[] staged = new StagedRow[capacity];
    private StagedRow[] spare = new StagedRow[capacity];

    public StagedRow[] Staged => staged;

    public int StagedCount { get; private set; }

    public IReadOnlyCollection<string> UnseenSerials => unseen;

    /// <summary>Reads one data line: a rejection, or a row pending the meter checks.</summary>
    public void Add(long line, ref ImportFields fields)
    {
        if (fields.Serial.IsEmpty)
        {
            Rejections.Add(new(line, "Import_NoSerial"));
            return;
        }

        if (fields.Register.IsEmpty)
        {
            Rejections.Add(new(line, "Import_NoRegister"));
            return;
        }

        if (ImportLine.ParseTakenAt(fields.TakenAt, zone) is not { } takenAt)
        {
            Rejections.Add(new(line, "Import_BadTakenAt", Encoding.UTF8.GetString(fields.TakenAt)));
            return;
        }

        if (takenAt > nowLocal)
        {
            Rejections.Add(new(line, "Reading_Future"));
            return;
        }

        if (fields.Value.IsEmpty || ImportLine.ParseValue(fields.Value) is not { } value)
        {
            Rejections.Add(new(line, "Import_NotANumber", Encoding.UTF8.GetString(fields.Value)));
            return;
        }

        if (value < 0)
        {
            Rejections.Add(new(line, "Reading_Negative"));
            return;
        }

        if (value.Scale > MaxDecimals)
        {
            Rejections.Add(new(line, "Reading_TooManyDecimals", MaxDecimals));
            return;
        }

        var serial = Word(fields.Serial);
        if (!meters.ContainsKey(serial))
            unseen.Add(serial);
        pending[Count++] = new PendingRow
        {
            Line = line, Serial = serial, Utility = fields.Utility.IsEmpty ? null : Word(fields.Utility),
            Register = Word(fields.Register), TakenAt = takenAt, Value = value,
        };
    }

    /// <summary>Meters found for the serials not seen before; a serial with none stays unknown.</summary>
    public void Learn(IEnumerable<ImportMeter> found)
    {
        foreach (var group in found.GroupBy(m => m.Serial, StringComparer.Ordinal))
            meters[Word(group.Key)] = group.ToArray();
        foreach (var serial in unseen)
            meters.TryAdd(serial, []);
        unseen.Clear();
    }

    /// <summary>Applies the meter's rules to the pending rows: good ones go to <see cref="Staged"/>.</summary>
    public void Check()
    {
        StagedCount = 0;
        for (var i = 0; i < Count; i++)
        {
            ref var row = ref pending[i];
            var candidates = meters[row.Serial];
            ImportMeter? meter = null;
            foreach (var m in candidates)
            {
                if (row.Utility is null || string.Equals(m.Utility, row.Utility, StringComparison.Ordinal))
                {
                    if (meter is not null)
                    {
                        meter = null;
                        Rejections.Add(new(row.Line, "Import_AmbiguousSerial", string.Join(", ", candidates.Select(c => c.Utility))));
                        goto next;
                    }

                    meter = m;
                }
            }

            if (meter is null)
            {
                Rejections.Add(new(row.Line, "Import_UnknownSerial", row.Serial));
                continue;
            }

            var rejection = Rule(meter, ref row);
            if (rejection is not null)
            {
                Rejections.Add(rejection.Value);
                continue;
            }

            staged[StagedCount++] = new StagedRow { Line = row.Line, MeterId = meter.Id, Register = row.Register, TakenAt = row.TakenAt, Value = row.Value };
        next:;
        }
    }

    private static ImportRejection? Rule(ImportMeter meter, ref PendingRow row)
    {
        if (!meter.IsAutomated)
            return new(row.Line, "Import_NotAutomated", meter.Serial);
        if (Array.IndexOf(meter.Registers, row.Register) < 0)
            return new(row.Line, "Import_UnknownRegister", string.Join(", ", meter.Registers));
        if (row.Value >= meter.Capacity)
            return new(row.Line, "Reading_TooManyDigits", (int)Math.Round(Math.Log10((double)meter.Capacity!.Value)));
        if (row.TakenAt < meter.InstalledAt)
            return new(row.Line, "Reading_BeforeInstallation", DateOnly.FromDateTime(meter.InstalledAt));
        if (row.TakenAt > meter.RemovedAfter)
            return new(row.Line, "Reading_MeterRemoved", DateOnly.FromDateTime(meter.RemovedAfter!.Value).AddDays(-1));
        return null;
    }

    /// <summary>
    /// Hands the staged rows over to a store that runs while the next rows are read, and takes the
    /// other buffer; at most one store is in flight, so the two buffers never meet.
    /// </summary>
    public StagedRow[] TakeStaged()
    {
        (staged, spare) = (spare, staged);
        StagedCount = 0;
        return spare;
    }

    public void Clear()
    {
        Array.Clear(pending, 0, Count);
        Count = 0;
        StagedCount = 0;
        Rejections.Clear();
    }

    /// <summary>The one string instance of this text (a serial, a register, a utility code).</summary>
    private string Word(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[Math.Min(utf8.Length, 256)];
        if (utf8.Length > 256 || !Encoding.UTF8.TryGetChars(utf8, chars, out var length))
            return Encoding.UTF8.GetString(utf8).Trim();
        var text = chars[..length].Trim();
        if (words.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var word, out _))
            return word;
        return Word(text.ToString());
    }

    private string Word(string text)
    {
        if (words.TryGetValue(text, out var word))
            return word;
        words[text] = text;
        return text;
    }

    public static string Format(ImportRejection rejection, Microsoft.Extensions.Localization.IStringLocalizer text) =>
        rejection.Argument switch
        {
            null => text[rejection.Key],
            DateOnly day => text[rejection.Key, day.ToString("d", CultureInfo.CurrentCulture)],
            var argument => text[rejection.Key, argument],
        };
}
