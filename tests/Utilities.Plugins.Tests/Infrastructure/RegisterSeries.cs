using System.Globalization;
using Utilities.Plugins.Sdk;

namespace Utilities.Plugins.Tests.Infrastructure;

/// <summary>Real cumulative register values from Data/register-extract.csv (source and licence in its header).</summary>
public static class RegisterSeries
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<PreviousReading>>> All = new(Read);

    /// <summary>The readings of a series, oldest first.</summary>
    public static IReadOnlyList<PreviousReading> Readings(string seriesId) => All.Value[seriesId];

    /// <summary>
    /// The monthly consumption the readings give: each reading minus the one before, for the month of
    /// the earlier reading (the reading of 1 June closes May).
    /// </summary>
    public static IReadOnlyList<MonthlyConsumption> Monthly(string seriesId)
    {
        var readings = Readings(seriesId);
        return readings.Zip(readings.Skip(1), (from, to) => new MonthlyConsumption(DateOnly.FromDateTime(from.TakenAt), to.Value - from.Value)).ToList();
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<PreviousReading>> Read() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "register-extract.csv"))
            .Where(line => !line.StartsWith('#') && !line.StartsWith("series_id,", StringComparison.Ordinal))
            .Select(line => line.Split(','))
            .GroupBy(f => f[0])
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<PreviousReading>)g
                    .Select(f => new PreviousReading(DateTime.ParseExact(f[2], "yyyy-MM-dd", CultureInfo.InvariantCulture), decimal.Parse(f[3], CultureInfo.InvariantCulture)))
                    .OrderBy(r => r.TakenAt)
                    .ToList());
}
