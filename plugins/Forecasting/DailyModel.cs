using MathNet.Numerics.LinearRegression;

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
/// A day's volume from the days known before <c>cut</c> (the day after the origin): a direct
/// linear regression per horizon (1 to 7 days ahead) on what is known at the origin: the same weekday
/// one and two weeks earlier, the last day, the mean of the last week, last year's same day scaled
/// to this year's level (holidays, term times) and, for heating, the climatological degree-days of
/// the day forecast, the observed degree-days of the last three days and the weekend. Fitted on the
/// last year's days (recent days weigh more), by QR least squares (MathNet.Numerics).
/// </summary>
internal sealed class DailyModel(Series series, ForecastProfile profile) : IDailyModel
{
    private const int TrainingDays = 365;
    private const double HalfLifeDays = 90;
    private const int MaxHorizon = 7;
    private const double HeatingBase = 15.5;

    private readonly Dictionary<(DateOnly Cut, int Horizon), double[]?> fits = [];
    private readonly Dictionary<DateOnly, Dictionary<DateOnly, double?>> climatology = [];

    public double Volume(DateOnly day, DateOnly cut)
    {
        var horizon = Math.Min(day.DayNumber - cut.DayNumber + 1, MaxHorizon);
        var origin = day.AddDays(-horizon);
        var yearly = UseYearly(cut);
        var heating = profile.HeatingDegreeDays && series.Temperatures.Count > 0;
        if (!fits.TryGetValue((cut, horizon), out var coefficients))
            fits[(cut, horizon)] = coefficients = Fit(cut, horizon, yearly, heating);
        if (coefficients is not null && Features(day, origin < cut ? origin : cut.AddDays(-1), cut, yearly, heating) is { } x)
        {
            double value = 0;
            for (var i = 0; i < x.Length; i++)
                value += coefficients[i] * x[i];
            return Math.Max(0, value);
        }

        return Fallback(day, cut);
    }

    private bool UseYearly(DateOnly cut) => profile.YearlyWeight > 0 && series.Daily.Count > 0 && series.Daily.Keys[0] <= cut.AddDays(-TrainingDays - 371);

    private double[]? Fit(DateOnly cut, int horizon, bool yearly, bool heating)
    {
        var rows = new List<double[]>();
        var ys = new List<double>();
        var weights = new List<double>();
        foreach (var (day, value) in series.Daily)
        {
            if (day >= cut || day < cut.AddDays(-TrainingDays))
                continue;
            if (Features(day, day.AddDays(-horizon), cut, yearly, heating) is not { } x)
                continue;
            rows.Add(x);
            ys.Add(value);
            weights.Add(Math.Sqrt(Math.Pow(0.5, (cut.DayNumber - day.DayNumber) / HalfLifeDays)));
        }

        if (rows.Count < 60)
            return null;
        var width = rows[0].Length;
        var matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(rows.Count, width, (i, j) => rows[i][j] * weights[i]);
        var vector = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(rows.Count, i => ys[i] * weights[i]);
        try
        {
            var coefficients = MultipleRegression.QR(matrix, vector).ToArray();
            return coefficients.All(double.IsFinite) ? coefficients : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The features of a day forecast from <paramref name="origin"/>; null when one is unknown.</summary>
    private double[]? Features(DateOnly day, DateOnly origin, DateOnly cut, bool yearly, bool heating)
    {
        var week = Known(SameWeekdayBefore(day, origin));
        var twoWeeks = Known(SameWeekdayBefore(day, origin).AddDays(-7));
        var last = Known(origin);
        var mean7 = Mean(origin, 7);
        if (week is null || twoWeeks is null || last is null || mean7 is null)
            return null;
        var x = new List<double> { 1, week.Value, twoWeeks.Value, last.Value, mean7.Value };
        if (yearly)
        {
            var then = Known(day.AddDays(-364));
            var thenLevel = Mean(origin.AddDays(-364), 7);
            if (then is null || thenLevel is not > 0)
                return null;
            x.Add(then.Value * mean7.Value / thenLevel.Value);
        }

        if (heating)
        {
            var normals = Normals(cut);
            if (series.Temperature(day, origin.AddDays(1), normals) is not { } t)
                return null;
            var recent = Enumerable.Range(0, 3).Select(k => series.Temperatures.TryGetValue(origin.AddDays(-k), out var v) ? v : (double?)null).ToList();
            if (recent.Any(r => r is null))
                return null;
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1d : 0d;
            var degreeDays = DegreeDays.Of(t, HeatingBase);
            x.Add(degreeDays);
            x.Add(recent.Average(r => DegreeDays.Of(r!.Value, HeatingBase)));
            x.Add(weekend);
            x.Add(weekend * degreeDays);
        }

        return [.. x];
    }

    private static DateOnly SameWeekdayBefore(DateOnly day, DateOnly origin)
    {
        var d = day.AddDays(-7);
        while (d > origin)
            d = d.AddDays(-7);
        return d;
    }

    private double? Known(DateOnly day) => series.Daily.TryGetValue(day, out var v) ? v : null;

    private double? Mean(DateOnly origin, int days)
    {
        double sum = 0;
        var count = 0;
        for (var k = 0; k < days; k++)
        {
            if (series.Daily.TryGetValue(origin.AddDays(-k), out var v))
            {
                sum += v;
                count++;
            }
        }

        return count >= days - 2 ? sum / count : null;
    }

    /// <summary>With a feature unknown (gaps): the same weekday a week before, else the mean of the last 28 days.</summary>
    private double Fallback(DateOnly day, DateOnly cut)
    {
        if (Known(SameWeekdayBefore(day, cut.AddDays(-1))) is { } week)
            return week;
        var values = series.Daily.Where(d => d.Key < cut && d.Key >= cut.AddDays(-28)).Select(d => d.Value).ToList();
        return values.Count > 0 ? values.Average() : 0;
    }

    private Dictionary<DateOnly, double?> Normals(DateOnly cut)
    {
        if (!climatology.TryGetValue(cut, out var normals))
            climatology[cut] = normals = [];
        return normals;
    }
}
