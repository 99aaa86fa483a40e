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
/// (the building's thermal lag), a weekend and a holiday term. For the days after the origin the
/// temperature is the climatology plus the last observed days' departure from it, fading by
/// <see cref="AnomalyPersistence"/> a day (what the origin knows; never a realised later temperature),
/// and the median residual of the last days is carried over (<see cref="ResidualCarry"/>): the
/// building's heating state (on, off, a setback) persists from one week to the next.
/// </summary>
internal sealed class HeatingDailyModel(Series series) : IDailyModel
{
    private const int TrainingDays = 365;
    private const double HalfLifeDays = 60;

    /// <summary>How much of a day's temperature departure from the climatology is left the next day.</summary>
    internal const double AnomalyPersistence = 0.9;

    /// <summary>The share of the last days' median residual added to the forecast.</summary>
    internal const double ResidualCarry = 0.3;

    private const int ResidualDays = 3;
    private static readonly double[] Bases = [12, 14, 15.5, 17];

    private readonly Dictionary<DateOnly, State?> states = [];
    private readonly Dictionary<DateOnly, Dictionary<DateOnly, double?>> climatology = [];
    private readonly Dictionary<DateOnly, double> anomalies = [];

    public double Volume(DateOnly day, DateOnly cut)
    {
        if (!states.TryGetValue(cut, out var state))
            states[cut] = state = Compute(cut);
        if (state is null || Row(day, cut, state.Base) is not { } x)
            return Fallback(day, cut);
        return Math.Max(0, Predict(state.Coefficients, x) + (state.Residual * ResidualCarry));
    }

    private sealed record State(double Base, double[] Coefficients, double Residual);

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
        foreach (var b in Bases)
        {
            var rows = days.Select(d => Row(d, cut, b)!).ToArray();
            if (Lad.Fit(rows, ys, weights) is not { } coefficients)
                continue;
            double error = 0;
            for (var i = 0; i < rows.Length; i++)
                error += weights[i] * Math.Abs(ys[i] - Predict(coefficients, rows[i]));
            if (error < bestError)
            {
                bestError = error;
                best = new State(b, coefficients, 0);
            }
        }

        if (best is null)
            return null;
        var residuals = new List<double>();
        for (var k = 1; k <= ResidualDays; k++)
        {
            var d = cut.AddDays(-k);
            if (series.Daily.TryGetValue(d, out var v) && Row(d, cut, best.Base) is { } x)
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

    /// <summary>The features of a day: 1, its degree-days, the previous day's, weekend, weekend × degree-days, holiday.</summary>
    private double[]? Row(DateOnly day, DateOnly cut, double baseTemperature)
    {
        if (Temperature(day, cut) is not { } t || Temperature(day.AddDays(-1), cut) is not { } before)
            return null;
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || series.IsHoliday(day) ? 1d : 0d;
        var dd = DegreeDays.Of(t, baseTemperature);
        return [1, dd, DegreeDays.Of(before, baseTemperature), weekend, weekend * dd];
    }

    /// <summary>
    /// Observed before <paramref name="cut"/>; after it the climatology plus the departure of the
    /// last three observed days from theirs, fading by <see cref="AnomalyPersistence"/> a day.
    /// </summary>
    private double? Temperature(DateOnly day, DateOnly cut)
    {
        if (day < cut && series.Temperatures.TryGetValue(day, out var observed))
            return observed;
        if (!climatology.TryGetValue(cut, out var normals))
            climatology[cut] = normals = [];
        if (series.Temperature(day, cut, normals) is not { } normal)
            return null;
        if (!anomalies.TryGetValue(cut, out var anomaly))
            anomalies[cut] = anomaly = Anomaly(cut);
        var lead = day.DayNumber - cut.DayNumber + 1;
        return normal + (anomaly * Math.Pow(AnomalyPersistence, lead));
    }

    /// <summary>The mean departure of the last three observed days from their climatology (0 when unknown).</summary>
    private double Anomaly(DateOnly cut)
    {
        var departures = new List<double>();
        for (var k = 1; k <= 3; k++)
        {
            var d = cut.AddDays(-k);
            if (series.Temperatures.TryGetValue(d, out var t) && ForecastClimate.Normal(series.Temperatures, d, d) is { } n)
                departures.Add(t - n);
        }

        return departures.Count > 0 ? departures.Average() : 0;
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
