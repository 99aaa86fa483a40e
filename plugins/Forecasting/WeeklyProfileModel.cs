// Compiled into each plugin (docs/adr/0021-forecasting.md): each copy in its plugin's namespace, so
// no two plugin assemblies hold a type of the same name.
#if PLUGIN_ELECTRICITY
namespace Utilities.Plugins.Electricity.Forecasting;
#elif PLUGIN_COLD_WATER
namespace Utilities.Plugins.ColdWater.Forecasting;
#elif PLUGIN_HOT_WATER
namespace Utilities.Plugins.HotWater.Forecasting;
#else
namespace Utilities.Plugins.Heating.Forecasting;
#endif

/// <summary>
/// A day's volume (electricity, water) as a level times the day's weekday share, from the days known
/// before <c>cut</c>: the per-weekday medians of the last <see cref="ProfileWeeks"/> weeks give the
/// weekday profile; a day far from its weekday's median (a glitch, a meter outage, a one-off event)
/// is replaced by that median before anything else is computed from it, and holidays are left out.
/// The level is ¾ the profile-adjusted mean of the last <see cref="RecentDays"/> days (a level that
/// moved, a term that began, shows there first) and ¼ the median of the last <see cref="LevelWeeks"/>
/// weeks' (which does not chase one odd week). A holiday is forecast as its weekday times the median ratio of the earlier
/// holidays of the history to their weekdays.
/// </summary>
internal sealed class WeeklyProfileModel(Series series) : IDailyModel
{
    internal const int ProfileWeeks = 8;
    internal const int LevelWeeks = 4;

    /// <summary>The last days whose profile-adjusted mean is the recent level.</summary>
    internal const int RecentDays = 3;

    /// <summary>A day further than this share from its weekday's median is odd.</summary>
    internal const double OddShare = 0.3;

    /// <summary>The weight of the recent level against the median of the last weeks' levels.</summary>
    internal const double RecentWeight = 0.75;

    private const int HolidayLookbackDays = 730;

    private readonly Dictionary<DateOnly, State?> states = [];

    /// <summary>Cleaning of odd days (off only to show in a test what it is for).</summary>
    internal bool Clean { get; init; } = true;

    public double Volume(DateOnly day, DateOnly cut)
    {
        if (!states.TryGetValue(cut, out var state))
            states[cut] = state = Compute(cut);
        if (state is null)
            return Fallback(day, cut);
        var dow = (int)day.DayOfWeek;
        var value = state.Level * state.Profile[dow];
        if (series.IsHoliday(day))
            value *= state.HolidayFactor(day);
        return Math.Max(0, value);
    }

    private sealed record State(double Level, double[] Profile, double ChristmasFactor, double BankFactor)
    {
        public double HolidayFactor(DateOnly day) => IsChristmas(day) ? ChristmasFactor : BankFactor;
    }

    private static bool IsChristmas(DateOnly day) => day.Month == 12 ? day.Day >= 20 : day.Month == 1 && day.Day <= 3;

    private State? Compute(DateOnly cut)
    {
        var cleaned = Cleaned(cut, ProfileWeeks, out var medians);
        if (cleaned is null)
            return null;
        var mean = medians.Average();
        if (mean <= 0)
            return null;
        var shares = medians.Select(m => m / mean).ToArray();
        var levels = new List<double>();
        for (var w = 0; w < LevelWeeks; w++)
        {
            double sum = 0;
            var count = 0;
            for (var k = 1; k <= 7; k++)
            {
                var d = cut.AddDays(-(7 * w) - k);
                if (cleaned.TryGetValue(d, out var v) && shares[(int)d.DayOfWeek] > 0)
                {
                    sum += v / shares[(int)d.DayOfWeek];
                    count++;
                }
            }

            if (count >= 4)
                levels.Add(sum / count);
        }

        if (levels.Count == 0)
            return null;
        levels.Sort();
        var median = levels.Count % 2 == 1 ? levels[levels.Count / 2] : (levels[(levels.Count / 2) - 1] + levels[levels.Count / 2]) / 2;
        var level = Recent(cleaned, cut, shares) is { } recent ? (RecentWeight * recent) + ((1 - RecentWeight) * median) : median;
        var (christmas, bank) = HolidayFactors(cut, shares);
        return new State(level, shares, christmas, bank);
    }

    /// <summary>The profile-adjusted mean of the last <see cref="RecentDays"/> known days (at least two of them).</summary>
    private static double? Recent(Dictionary<DateOnly, double> cleaned, DateOnly cut, double[] shares)
    {
        double sum = 0;
        var count = 0;
        for (var k = 1; k <= RecentDays; k++)
        {
            var d = cut.AddDays(-k);
            if (cleaned.TryGetValue(d, out var v) && shares[(int)d.DayOfWeek] > 0)
            {
                sum += v / shares[(int)d.DayOfWeek];
                count++;
            }
        }

        return count >= 2 ? sum / count : null;
    }

    /// <summary>
    /// The non-holiday days of the <paramref name="weeks"/> weeks before <paramref name="cut"/>, odd days
    /// replaced: a day further than <see cref="OddShare"/> from its week's level times its weekday's
    /// share (so a week whose level moved keeps its days, a single glitch does not) becomes that
    /// product; <paramref name="medians"/> are the weekday shares (mean 1) of the cleaned days. Null
    /// when a weekday has fewer than three days.
    /// </summary>
    private Dictionary<DateOnly, double>? Cleaned(DateOnly cut, int weeks, out double[] medians)
    {
        medians = new double[7];
        var byWeekday = new List<double>[7];
        for (var k = 0; k < 7; k++)
            byWeekday[k] = [];
        var days = new Dictionary<DateOnly, double>();
        for (var k = 1; k <= 7 * weeks; k++)
        {
            var d = cut.AddDays(-k);
            if (series.IsHoliday(d) || !series.Daily.TryGetValue(d, out var v))
                continue;
            days[d] = v;
            byWeekday[(int)d.DayOfWeek].Add(v);
        }

        for (var k = 0; k < 7; k++)
        {
            if (byWeekday[k].Count < 3)
                return null;
            medians[k] = Median(byWeekday[k]);
        }

        if (!Clean)
            return days;
        var mean = medians.Average();
        if (mean <= 0)
            return days;
        var shares = medians.Select(m => m / mean).ToArray();
        for (var w = 0; w < weeks; w++)
        {
            var week = new List<(DateOnly Day, double Value)>();
            for (var k = 1; k <= 7; k++)
            {
                var d = cut.AddDays(-(7 * w) - k);
                if (days.TryGetValue(d, out var v))
                    week.Add((d, v));
            }

            var adjusted = week.Where(x => shares[(int)x.Day.DayOfWeek] > 0).Select(x => x.Value / shares[(int)x.Day.DayOfWeek]).ToList();
            if (adjusted.Count < 3)
                continue;
            var level = Median(adjusted);
            foreach (var (d, v) in week)
            {
                var expected = level * shares[(int)d.DayOfWeek];
                if (Math.Abs(v - expected) > OddShare * expected)
                    days[d] = expected;
            }
        }

        return days;
    }

    /// <summary>
    /// The median ratio of earlier holidays to their weekday's median in the four non-holiday weeks
    /// around them (Christmas to New Year apart from bank holidays); without earlier holidays, a
    /// Sunday's share to the mean weekday's.
    /// </summary>
    private (double Christmas, double Bank) HolidayFactors(DateOnly cut, double[] shares)
    {
        var christmas = new List<double>();
        var bank = new List<double>();
        foreach (var h in series.Holidays)
        {
            if (h >= cut || h < cut.AddDays(-HolidayLookbackDays) || !series.Daily.TryGetValue(h, out var v))
                continue;
            var around = new List<double>();
            foreach (var w in new[] { -14, -7, 7, 14 })
            {
                var d = h.AddDays(w);
                if (d < cut && !series.IsHoliday(d) && series.Daily.TryGetValue(d, out var x))
                    around.Add(x);
            }

            if (around.Count < 2)
                continue;
            var m = Median(around);
            if (m > 0)
                (IsChristmas(h) ? christmas : bank).Add(v / m);
        }

        var weekdays = Enumerable.Range(1, 5).Average(k => shares[k]);
        var fallback = weekdays > 0 ? Math.Min(1, shares[0] / weekdays) : 1;
        var bankFactor = bank.Count >= 2 ? Median(bank) : fallback;
        var christmasFactor = christmas.Count >= 3 ? Median(christmas) : bankFactor;
        return (christmasFactor, bankFactor);
    }

    /// <summary>With too few days to profile: the same weekday a week before, else the mean of the last 28 days.</summary>
    private double Fallback(DateOnly day, DateOnly cut)
    {
        var d = day.AddDays(-7);
        while (d >= cut)
            d = d.AddDays(-7);
        if (series.Daily.TryGetValue(d, out var week))
            return week;
        var values = series.Daily.Where(x => x.Key < cut && x.Key >= cut.AddDays(-28)).Select(x => x.Value).ToList();
        return values.Count > 0 ? values.Average() : 0;
    }

    internal static double Median(List<double> values)
    {
        values.Sort();
        var n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}

/// <summary>A daily model: the volume of a day from the days known before <c>cut</c>.</summary>
internal interface IDailyModel
{
    double Volume(DateOnly day, DateOnly cut);
}
