using System.Globalization;
using Utilities.Plugins.Sdk;

namespace Utilities.Plugins.Tests.Infrastructure;

/// <summary>Real monthly consumption series from Data/monthly-extract.csv (source and licence in its header).</summary>
public static class MonthlySeries
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<MonthlyConsumption>>> All = new(Read);

    public static IReadOnlyList<MonthlyConsumption> Get(string seriesId) => All.Value[seriesId];

    private static IReadOnlyDictionary<string, IReadOnlyList<MonthlyConsumption>> Read() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "monthly-extract.csv"))
            .Where(line => !line.StartsWith('#') && !line.StartsWith("series_id,", StringComparison.Ordinal))
            .Select(line => line.Split(','))
            .GroupBy(f => f[0])
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<MonthlyConsumption>)g
                    .Select(f => new MonthlyConsumption(DateOnly.ParseExact(f[2], "yyyy-MM-dd", CultureInfo.InvariantCulture), decimal.Parse(f[3], CultureInfo.InvariantCulture)))
                    .OrderBy(m => m.Month)
                    .ToList());
}
