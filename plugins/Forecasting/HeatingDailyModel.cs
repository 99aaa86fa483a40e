using Utilities.Plugins.Sdk;

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
/// A heating day's volume: a least-absolute-deviation fit (<see cref="Lad"/>) over the last year
/// (recent days weigh more) of the day's volume on its heating degree-days and the previous day's
/// (the building's thermal lag) while the heating is on (<see cref="HeatingOn"/>: the building's
/// own season, learned from its days, not a calendar), a weekend and a holiday term. For the days after the origin the
/// temperature is the climatology only (issue 10: never a realised later temperature, nor one
/// adjusted by the days before the origin), and the median residual of the last days is carried over (<see cref="ResidualCarry"/>): the
/// building's heating state (on, off, a setback) persists from one week to the next.
/// </summary>
internal sealed class HeatingDailyModel(Series series) : IDailyModel
{
    private const int TrainingDays = 365;
    private const double HalfLifeDays = 60;

    /// <summary>The share of the last days' median residual added to the forecast.</summary>
    internal const double ResidualCarry = 0.3;

    private const int ResidualDays = 3;

    /// <summary>The share of the range from the summer base load to a winter day above which the heating is on.</summary>
    private const double OnShare = 0.1;
    private static readonly double[] Bases = [12, 14, 15.5, 17];

    private readonly Dictionary<DateOnly, State?> states = [];
    private readonly Dictionary<DateOnly, Dictionary<DateOnly, double?>> climatology = [];

    public double Volume(DateOnly day, DateOnly cut)
    {
        if (!states.TryGetValue(cut, out var state))
            states[cut] = state = Compute(cut);
        if (state is null || Row(day, cut, state.Base, state.Season, state.OnNow) is not { } x)
            return Fallback(day, cut);
        return Math.Max(0, Predict(state.Coefficients, x) + (state.Residual * ResidualCarry));
    }

    /// <param name="Season">Whether the fit has the heating-season terms (the training year has days on and days off).</param>
    /// <param name="OnNow">Whether the heating is on at the origin (and so, for the fit, in the week ahead).</param>
    private sealed record State(double Base, double[] Coefficients, double Residual, bool Season, bool OnNow);

    private State? Compute(DateOnly cut)
    {
        var days = new List<DateOnly>();
        foreach (var day in series.Daily.Keys)
        {
            if (day >= cut.AddDays(-TrainingDays) && day < cut && series.Temperatures.ContainsKey(day) && series.Temperatures.ContainsKey(day.AddDays(-1)))
                days.Add(day);
        }

        if (days.Count < 60)
            return null;
        State? best = null;
        var bestError = double.MaxValue;
        var weights = days.Select(d => Math.Pow(0.5, (cut.DayNumber - d.DayNumber) / HalfLifeDays)).ToArray();
        var ys = days.Select(d => series.Daily[d]).ToArray();
        var (on, onNow) = HeatingOn(days, cut);
        var season = on.Count(o => o) >= 14 && on.Count(o => !o) >= 14;
        foreach (var b in Bases)
        {
            var rows = days.Select((d, i) => Row(d, cut, b, season, on[i])!).ToArray();
            if (Lad.Fit(rows, ys, weights) is not { } coefficients)
                continue;
            double error = 0;
            for (var i = 0; i < rows.Length; i++)
                error += weights[i] * Math.Abs(ys[i] - Predict(coefficients, rows[i]));
            if (error < bestError)
            {
                bestError = error;
                best = new State(b, coefficients, 0, season, onNow);
            }
        }

        if (best is null)
            return null;
        var residuals = new List<double>();
        for (var k = 1; k <= ResidualDays; k++)
        {
            var d = cut.AddDays(-k);
            if (series.Daily.TryGetValue(d, out var v) && Row(d, cut, best.Base, season, onNow) is { } x)
                residuals.Add(v - Predict(best.Coefficients, x));
        }

        return residuals.Count >= 3 ? best with { Residual = WeeklyProfileModel.Median(residuals) } : best;
    }

    private static double Predict(double[] coefficients, double[] x)
    {
        double value = 0;
        for (var i = 0; i < x.Length; i++)
            value += coefficients[i] * x[i];
        return value;
    }

    /// <summary>
    /// The features of a day: 1, its degree-days, the previous day's, weekend (or holiday), weekend ×
    /// degree-days; with <paramref name="season"/>, the degree-day terms apply only while the heating
    /// is <paramref name="on"/>, and on adds its own constant.
    /// </summary>
    private double[]? Row(DateOnly day, DateOnly cut, double baseTemperature, bool season, bool on)
    {
        if (Temperature(day, cut) is not { } t || Temperature(day.AddDays(-1), cut) is not { } before)
            return null;
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || series.IsHoliday(day) ? 1d : 0d;
        var dd = DegreeDays.Of(t, baseTemperature);
        var previous = DegreeDays.Of(before, baseTemperature);
        if (!season)
            return [1, dd, previous, weekend, weekend * dd];
        var o = on ? 1d : 0d;
        return [1, o, o * dd, o * previous, weekend, weekend * dd * o];
    }

    /// <summary>
    /// Whether the heating was on each training day, and at the origin: the median of the known days
    /// within three days of it (before the cut) above the summer base load (the 10th percentile of the
    /// year) by <see cref="OnShare"/> of the range up to the 90th percentile. At the origin, the median
    /// of the last three days.
    /// </summary>
    private (bool[] On, bool OnNow) HeatingOn(List<DateOnly> days, DateOnly cut)
    {
        var sorted = days.Select(d => series.Daily[d]).Order().ToList();
        var low = sorted[(int)(0.1 * (sorted.Count - 1))];
        var high = sorted[(int)(0.9 * (sorted.Count - 1))];
        var threshold = low + (OnShare * (high - low));
        var on = new bool[days.Count];
        for (var i = 0; i < days.Count; i++)
        {
            var around = new List<double>();
            for (var k = -3; k <= 3; k++)
            {
                var d = days[i].AddDays(k);
                if (d < cut && series.Daily.TryGetValue(d, out var v))
                    around.Add(v);
            }

            on[i] = WeeklyProfileModel.Median(around) > threshold;
        }

        var last = new List<double>();
        for (var k = 1; k <= 3; k++)
        {
            if (series.Daily.TryGetValue(cut.AddDays(-k), out var v))
                last.Add(v);
        }

        return (on, last.Count > 0 && WeeklyProfileModel.Median(last) > threshold);
    }

    /// <summary>Observed before <paramref name="cut"/>; after it the climatology.</summary>
    private double? Temperature(DateOnly day, DateOnly cut)
    {
        if (day < cut && series.Temperatures.TryGetValue(day, out var observed))
            return observed;
        if (!climatology.TryGetValue(cut, out var normals))
            climatology[cut] = normals = [];
        return series.Temperature(day, cut, normals);
    }

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
}

