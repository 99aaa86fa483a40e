using MathNet.Numerics.LinearAlgebra;

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
/// Weighted least-absolute-deviation regression by iteratively reweighted least squares (weighted
/// normal equations solved by MathNet's Cholesky): each round weighs an observation by its weight over its last absolute
/// residual, so a few odd days (a boiler fault, a meter glitch) pull the line far less than in least
/// squares, and the fit follows the median rather than the mean.
/// </summary>
internal static class Lad
{
    private const int Rounds = 12;

    /// <summary>
    /// The coefficients; null with fewer rows than twice the features or a singular system. One round
    /// is weighted least squares.
    /// </summary>
    public static double[]? Fit(double[][] x, double[] y, double[] weights, int rounds = Rounds)
    {
        var n = x.Length;
        if (n == 0 || n < 2 * x[0].Length)
            return null;
        var w = (double[])weights.Clone();
        double[]? coefficients = null;
        var scale = y.Select(Math.Abs).DefaultIfEmpty(0).Average();
        var floor = Math.Max(1e-9, 1e-3 * scale);
        for (var round = 0; round < rounds; round++)
        {
            if (Weighted(x, y, w) is not { } next)
                return coefficients;
            if (next.Any(c => !double.IsFinite(c)))
                return coefficients;
            coefficients = next;
            for (var i = 0; i < n; i++)
            {
                var r = y[i];
                for (var j = 0; j < next.Length; j++)
                    r -= next[j] * x[i][j];
                w[i] = weights[i] / Math.Max(Math.Abs(r), floor);
            }
        }

        return coefficients;
    }

    /// <summary>
    /// Weighted least squares by the normal equations, accumulated row by row (XᵀWX is only features ×
    /// features: no n × n weight matrix) and solved by MathNet's Cholesky; null when singular.
    /// </summary>
    private static double[]? Weighted(double[][] x, double[] y, double[] w)
    {
        var p = x[0].Length;
        var a = new double[p, p];
        var b = new double[p];
        for (var i = 0; i < x.Length; i++)
        {
            var row = x[i];
            for (var j = 0; j < p; j++)
            {
                var wj = w[i] * row[j];
                b[j] += wj * y[i];
                for (var k = 0; k <= j; k++)
                    a[j, k] += wj * row[k];
            }
        }

        for (var j = 0; j < p; j++)
        {
            for (var k = j + 1; k < p; k++)
                a[j, k] = a[k, j];
        }

        try
        {
            return Matrix<double>.Build.DenseOfArray(a).Cholesky().Solve(Vector<double>.Build.DenseOfArray(b)).ToArray();
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
