using MathNet.Numerics.Statistics;

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

/// <summary>The 80 % interval from a model's own past errors (its forecasts at earlier origins of the same history).</summary>
internal static class Quantiles
{
    /// <summary>The 10th and 90th percentiles of the ratios actual / forecast; ±20 % with too few of them.</summary>
    public static (double Low, double High) Band(IReadOnlyCollection<double> ratios, double fallback = 0.2)
    {
        if (ratios.Count < 8)
            return (1 - fallback, 1 + fallback);
        var low = Statistics.Quantile(ratios, 0.1);
        var high = Statistics.Quantile(ratios, 0.9);
        return (Math.Min(low, 1), Math.Max(high, 1));
    }

    /// <summary>The 10th and 90th percentiles of additive errors.</summary>
    public static (double Low, double High) Additive(IReadOnlyCollection<double> errors)
    {
        if (errors.Count < 8)
            return (double.NaN, double.NaN);
        return (Math.Min(Statistics.Quantile(errors, 0.1), 0), Math.Max(Statistics.Quantile(errors, 0.9), 0));
    }
}
