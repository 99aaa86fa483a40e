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
/// Consumption as a base load plus a load per heating degree-day (°C below the base temperature,
/// days warmer than the base count zero: outside the heating season the regression leaves the base
/// load alone), fitted by weighted least squares (or least absolute deviations, <see cref="Lad"/>;
/// on the shared data's monthly heating least squares scored better), recent observations weighing
/// more. The base temperature is the one of <see cref="Bases"/> with the least weighted absolute error.
/// </summary>
internal static class DegreeDays
{
    public static readonly double[] Bases = [10, 12, 14, 15.5, 17];

    /// <summary>A fitted line: rate = intercept + slope × degree-days (+ extra coefficients on the extra features).</summary>
    internal sealed record Fit(double Base, double[] Coefficients)
    {
        public double Predict(double degreeDays, IReadOnlyList<double> extra)
        {
            var value = Coefficients[0] + (Coefficients[1] * degreeDays);
            for (var i = 0; i < extra.Count; i++)
                value += Coefficients[2 + i] * extra[i];
            return value;
        }
    }

    public static double Of(double temperature, double baseTemperature) => Math.Max(0, baseTemperature - temperature);

    /// <summary>
    /// Fits each base; <paramref name="degreeDays"/> gives an observation's degree-days at a base.
    /// Null with fewer observations than twice the coefficients or a singular system.
    /// </summary>
    public static Fit? Best(int count, Func<int, double, double> degreeDays, Func<int, double[]> extra, Func<int, double> y, Func<int, double> weight, bool leastAbsolute = false)
    {
        Fit? best = null;
        var bestError = double.MaxValue;
        var width = 2 + extra(0).Length;
        if (count < 2 * width)
            return null;
        foreach (var b in Bases)
        {
            var x = new double[count][];
            var ys = new double[count];
            var ws = new double[count];
            for (var i = 0; i < count; i++)
            {
                var row = new double[width];
                row[0] = 1;
                row[1] = degreeDays(i, b);
                extra(i).CopyTo(row, 2);
                x[i] = row;
                ys[i] = y(i);
                ws[i] = weight(i);
            }

            if ((leastAbsolute ? Lad.Fit(x, ys, ws) : Lad.Fit(x, ys, ws, rounds: 1)) is not { } coefficients)
                continue;
            if (coefficients.Any(c => !double.IsFinite(c)))
                continue;
            double error = 0;
            for (var i = 0; i < count; i++)
            {
                var e = ys[i];
                for (var j = 0; j < width; j++)
                    e -= coefficients[j] * x[i][j];
                error += ws[i] * Math.Abs(e);
            }

            if (error < bestError)
            {
                bestError = error;
                best = new Fit(b, coefficients);
            }
        }

        return best;
    }
}
