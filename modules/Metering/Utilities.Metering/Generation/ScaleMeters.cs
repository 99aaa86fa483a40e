using System.Globalization;
using Utilities.Metering.Data;
using Utilities.Metering.Readings;

namespace Utilities.Metering.Generation;

/// <summary>
/// The meters and readings of the scale data set, decided per meter from a hash of the seed and the
/// account's number (a building meter: the building's address), never from ids or from the order
/// of the records: the same seed gives the same meters and values in any database. Shares:
/// electricity meters 30 % two-zone (T1, T2), 10 % three-zone (T1, T2, T3), the rest T1; 20 % of
/// the premises meters automated; 10 % of the accounts without a reading in the last period;
/// verification 1 % expired, 5 % running out within 90 days, 10 % within the year. History: the
/// twelve periods before the current month (the last closed one is the month before), each
/// register opened by a reading in the month before them (or by the initial reading of a meter
/// installed within the window). Values are cumulative with seasonal monthly use; 5-digit water
/// counters of one meter in 200 roll over within the window.
/// </summary>
internal static class ScaleMeters
{
    public const int HistoryMonths = 12;

    /// <summary>Every serial of the set starts so (demo and office meters have other serials).</summary>
    public const string SerialPrefix = "Г";

    public const string SubmittedBy = "scale-data";

    private const int DeadlineDay = 25;

    private static readonly string[] OneZone = ["T1"];
    private static readonly string[] TwoZones = ["T1", "T2"];
    private static readonly string[] ThreeZones = ["T1", "T2", "T3"];
    private static readonly string[] Total = ["total"];

    /// <summary>Shares of a month's electricity per register: day/night; peak/night/semi-peak.</summary>
    private static readonly double[][] ZoneShares = [[1.0], [0.7, 0.3], [0.25, 0.3, 0.45]];

    /// <summary>Heat use of a month (January first) as a share of a January-like month: the heating season is October to mid-May.</summary>
    private static readonly double[] HeatingSeason = [1.0, 0.92, 0.78, 0.48, 0.1, 0, 0, 0, 0.05, 0.5, 0.74, 0.93];

    /// <summary>The window of a data set loaded on <paramref name="today"/>.</summary>
    public static ScaleWindow Window(DateOnly today, int dailyMonths)
    {
        var last = ReadingPeriods.MonthOf(today).AddMonths(-1);
        var first = last.AddMonths(-(HistoryMonths - 1));
        var firstDaily = last.AddMonths(-(Math.Clamp(dailyMonths, 0, HistoryMonths) - 1));
        return new ScaleWindow(today, first, last, dailyMonths <= 0 ? last.AddMonths(1) : firstDaily);
    }

    public static ScaleMeter PremisesMeter(int seed, string utility, string accountNumber, long accountId, DateOnly openedOn, ScaleWindow window)
    {
        var random = new SplitMix(Hash(seed, utility, accountNumber));
        var registers = utility == "electricity"
            ? random.Next(100) switch { < 30 => TwoZones, < 40 => ThreeZones, _ => OneZone }
            : Total;
        var automated = random.Next(100) < 20;
        var missingLast = random.Next(100) < 10;
        var persons = random.Next(100) switch { < 25 => 1, < 55 => 2, < 80 => 3, < 95 => 4, _ => 5 };
        var monthly = utility switch
        {
            "electricity" => 70 + (55 * persons),
            "cold-water" => 3.2 * persons,
            _ => 2.4 * persons,
        };
        var (digits, years) = utility switch { "electricity" => (6, 16), "cold-water" => (5, 6), _ => (5, 4) };
        var (installed, verifiedUntil) = Service(ref random, openedOn, years, window);
        var start = StartValue(ref random, utility, installed, window, digits, monthly * 12);
        return new ScaleMeter(
            accountId, null, utility, SerialPrefix + accountNumber, registers, digits, automated, installed, verifiedUntil,
            missingLast, monthly, start, random.Next());
    }

    public static ScaleMeter BuildingHeatMeter(int seed, string address, long buildingId, decimal totalArea, int ordinal, ScaleWindow window)
    {
        var random = new SplitMix(Hash(seed, "heating", address));
        var (installed, verifiedUntil) = Service(ref random, new DateOnly(2015, 1, 1), 4, window);
        // About 0.016 Gcal per m² in a January-like month.
        var monthly = (double)totalArea * 0.016;
        var start = Math.Floor(random.NextDouble() * monthly * 12 * 3);
        return new ScaleMeter(
            null, buildingId, "heating", string.Create(CultureInfo.InvariantCulture, $"{SerialPrefix}О-{ordinal:D6}"), Total, 8, true,
            installed, verifiedUntil, false, monthly, [start], random.Next());
    }

    /// <summary>The meter's readings in time order per register, into <paramref name="into"/> (cleared first).</summary>
    public static void Readings(ScaleMeter meter, ScaleWindow window, List<ScaleReading> into)
    {
        into.Clear();
        var random = new SplitMix(meter.ReadingsKey);
        var shares = meter.Registers.Length switch { 1 => ZoneShares[0], 2 => ZoneShares[1], _ => ZoneShares[2] };
        var from = window.First.AddMonths(-1);
        var months = (window.Last.Year * 12) + window.Last.Month - ((from.Year * 12) + from.Month) + 2;
        var use = new double[months];
        var bounds = new long[months + 1];
        for (var m = 0; m < months; m++)
        {
            use[m] = meter.MonthlyBase * Season(meter.Utility, from.AddMonths(m).Month) * (0.85 + (0.3 * random.NextDouble()));
            bounds[m] = from.AddMonths(m).ToDateTime(TimeOnly.MinValue).Ticks;
        }

        bounds[months] = from.AddMonths(months).ToDateTime(TimeOnly.MinValue).Ticks;

        var scale = meter.Utility == "electricity" ? 10m : 1000m;
        var capacity = MeterArithmetic.Capacity(meter.DigitCapacity);
        var installedAt = meter.InstalledOn.ToDateTime(TimeOnly.MinValue);
        var stopAfter = meter.VerifiedUntil.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var initialAt = meter.IsAutomated
            ? meter.InstalledOn.AddDays(1).ToDateTime(TimeOnly.MinValue)
            : meter.InstalledOn.ToDateTime(ReadingPeriods.DateOnlyReadingTime);
        var newMeter = meter.InstalledOn >= from;

        for (var r = 0; r < meter.Registers.Length; r++)
        {
            var register = meter.Registers[r];
            var share = shares[r];
            var zero = Cumulative(use, bounds, newMeter ? installedAt : from.ToDateTime(TimeOnly.MinValue)) * share;
            decimal Value(DateTime at)
            {
                var v = meter.StartValues[r] + ((Cumulative(use, bounds, at) * share) - zero);
                return (Math.Floor((decimal)v * scale) / scale) % capacity;
            }

            if (newMeter)
            {
                var source = meter.IsAutomated ? ReadingSources.Automation : ReadingSources.Inspector;
                var period = meter.IsAutomated ? ReadingPeriods.ForInterval(initialAt) : ReadingPeriods.ForSubmission(meter.InstalledOn, DeadlineDay);
                Add(register, initialAt, Value(initialAt), source, ReadingKinds.Initial, period);
            }

            if (meter.IsAutomated)
            {
                // Month-end values (00:00 on the 1st closes the month before), then daily values.
                for (var month = from; month <= window.Last; month = month.AddMonths(1))
                {
                    if (month < window.FirstDaily)
                    {
                        Interval(register, month.AddMonths(1).ToDateTime(TimeOnly.MinValue));
                        continue;
                    }

                    var next = month.AddMonths(1);
                    for (var day = month.AddDays(1); day <= next; day = day.AddDays(1))
                        Interval(register, day.ToDateTime(TimeOnly.MinValue));
                }
            }
            else
            {
                for (var month = from; month <= window.Last; month = month.AddMonths(1))
                {
                    var taken = month.AddDays(17 + random.Next(8));
                    var at = taken.ToDateTime(ReadingPeriods.DateOnlyReadingTime);
                    var period = ReadingPeriods.ForSubmission(taken, DeadlineDay);
                    if (at <= initialAt || at >= stopAfter || (meter.MissingLast && period == window.Last))
                        continue;
                    var source = random.Next(100) < 15 ? ReadingSources.Inspector : ReadingSources.Consumer;
                    Add(register, at, Value(at), source, ReadingKinds.Regular, period);
                }
            }

            void Interval(string name, DateTime at)
            {
                var period = ReadingPeriods.ForInterval(at);
                if (at <= initialAt || at > stopAfter || (meter.MissingLast && period == window.Last))
                    return;
                Add(name, at, Value(at), ReadingSources.Automation, ReadingKinds.Regular, period);
            }
        }

        void Add(string name, DateTime at, decimal value, string source, string kind, DateOnly period)
        {
            // Moscow time (UTC+3): a consumer sends the value the same day, an automated system within the hour.
            var local = source == ReadingSources.Automation ? at.AddMinutes(5 + random.Next(55)) : at.AddMinutes(random.Next(9 * 60));
            var submitted = new DateTimeOffset(DateTime.SpecifyKind(local.AddHours(-3), DateTimeKind.Utc));
            into.Add(new ScaleReading(name, at, value, source, kind, period, submitted));
        }
    }

    /// <summary>Use from the first bound up to <paramref name="at"/>, each month's use spread evenly over its days (bounds: ticks of the months' 1sts).</summary>
    private static double Cumulative(double[] use, long[] bounds, DateTime at)
    {
        var total = 0.0;
        var ticks = at.Ticks;
        for (var m = 0; m < use.Length; m++)
        {
            if (ticks >= bounds[m + 1])
            {
                total += use[m];
                continue;
            }

            if (ticks > bounds[m])
                total += use[m] * ((double)(ticks - bounds[m]) / (bounds[m + 1] - bounds[m]));
            break;
        }

        return total;
    }

    private static double Season(string utility, int month) => utility switch
    {
        "electricity" => 1 + (0.25 * Math.Cos(2 * Math.PI * (month - 1) / 12)),
        "cold-water" => 1 + (0.08 * Math.Cos(2 * Math.PI * (month - 7) / 12)),
        "hot-water" => (1 - (0.1 * Math.Cos(2 * Math.PI * (month - 7) / 12))) * (month == 7 ? 0.55 : 1), // two weeks off in July
        _ => HeatingSeason[month - 1],
    };

    /// <summary>When the meter went in and how long its verification holds: 1 % expired, 5 % within 90 days, 10 % within the year.</summary>
    private static (DateOnly Installed, DateOnly VerifiedUntil) Service(ref SplitMix random, DateOnly openedOn, int years, ScaleWindow window)
    {
        var today = window.Today;
        var roll = random.Next(1000);
        var verifiedUntil = roll switch
        {
            < 10 => today.AddDays(-1 - random.Next(240)),
            < 60 => today.AddDays(1 + random.Next(90)),
            < 160 => today.AddDays(91 + random.Next(275)),
            // Not so late that the meter would have gone in after the window opened.
            _ => today.AddDays(366 + random.Next(Math.Max(1, (years * 365) - 800))),
        };
        var windowStart = window.First.AddMonths(-1);
        if (openedOn >= windowStart)
        {
            // A new account's meter goes in when the account opens.
            return (openedOn, verifiedUntil > openedOn.AddDays(180) ? verifiedUntil : openedOn.AddYears(years));
        }

        var earliest = openedOn > verifiedUntil.AddYears(-years) ? openedOn : verifiedUntil.AddYears(-years);
        var latest = windowStart.AddDays(-1) < verifiedUntil.AddDays(-30) ? windowStart.AddDays(-1) : verifiedUntil.AddDays(-30);
        if (latest < earliest)
            return (latest, verifiedUntil);
        return (earliest.AddDays(random.Next(latest.DayNumber - earliest.DayNumber + 1)), verifiedUntil);
    }

    /// <summary>What the counters showed at the start of the window: a year's use per year in service; some water counters near their end.</summary>
    private static double[] StartValue(ref SplitMix random, string utility, DateOnly installed, ScaleWindow window, int digits, double yearly)
    {
        var registers = utility == "electricity" ? 3 : 1;
        var values = new double[registers];
        var windowStart = window.First.AddMonths(-1);
        if (installed >= windowStart)
            return values;
        var years = (windowStart.DayNumber - installed.DayNumber) / 365.0;
        var capacity = Math.Pow(10, digits);
        var rollover = digits == 5 && random.Next(200) == 0;
        for (var r = 0; r < registers; r++)
        {
            values[r] = rollover
                ? capacity - 5 - random.Next(20)
                : Math.Floor(Math.Min(capacity * 0.9, yearly * years * (0.5 + random.NextDouble())) * 10) / 10;
        }

        return values;
    }

    private static ulong Hash(int seed, string kind, string key)
    {
        var hash = 14695981039346656037UL ^ (uint)seed;
        foreach (var c in kind)
            hash = (hash ^ c) * 1099511628211UL;
        hash = (hash ^ '|') * 1099511628211UL;
        foreach (var c in key)
            hash = (hash ^ c) * 1099511628211UL;
        return hash;
    }
}

/// <summary>The twelve periods <see cref="First"/>..<see cref="Last"/>; automated meters have daily values from <see cref="FirstDaily"/> on.</summary>
internal sealed record ScaleWindow(DateOnly Today, DateOnly First, DateOnly Last, DateOnly FirstDaily);

/// <summary>A generated meter: a premises meter (<see cref="AccountId"/>) or a building heat meter (<see cref="BuildingId"/>).</summary>
internal sealed record ScaleMeter(
    long? AccountId,
    long? BuildingId,
    string Utility,
    string Serial,
    string[] Registers,
    int DigitCapacity,
    bool IsAutomated,
    DateOnly InstalledOn,
    DateOnly VerifiedUntil,
    bool MissingLast,
    double MonthlyBase,
    double[] StartValues,
    ulong ReadingsKey);

internal readonly record struct ScaleReading(
    string Register, DateTime TakenAt, decimal Value, string Source, string Kind, DateOnly Period, DateTimeOffset SubmittedAt);

/// <summary>SplitMix64: a small, fast generator whose whole state is one number (one per meter).</summary>
internal struct SplitMix(ulong state)
{
    private ulong _state = state;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public int Next(int max) => (int)(Next() % (ulong)max);

    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
