using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Utilities.Contracts;
using Utilities.Metering.Data;
using Utilities.Metering.Plugins;
using Utilities.Metering.Readings;
using Utilities.Platform.Time;
using Utilities.Plugins.Sdk;

namespace Utilities.Metering.Demand;

/// <summary>One month of the chart: what was measured and what was forecast for it at its origin (the end of the month before).</summary>
internal sealed record DemandPoint(DateOnly Month, decimal? Actual, ConsumptionForecast? Forecast);

/// <param name="Next">Next month's forecast with its 80 % interval (null without history enough).</param>
/// <param name="FromBuildingMeter">Measured by the building's meter (heating by ОДПУ) rather than summed over the premises meters.</param>
internal sealed record ServiceDemand(string Utility, bool FromBuildingMeter, decimal? LastActual, ConsumptionForecast? Next, IReadOnlyList<DemandPoint> Chart);

internal sealed record BuildingDemand(BuildingSummary Building, IReadOnlyList<ServiceDemand> Services);

/// <param name="LastMonth">The last complete period, the forecasts' origin.</param>
internal sealed record DemandView(IReadOnlyList<BuildingDemand> Buildings, int Total, int Page, int Pages, DateOnly LastMonth, DateOnly NextMonth, BuildingDemand? Selected);

/// <summary>
/// The operator's demand planning (issue 10, ADR 0024): next month's consumption per building and
/// service with the plugin's 80 % interval, and for one building the months forecast at their own
/// origins against what was measured. Monthly volumes per building, service and period come from one
/// SQL aggregate over the page's buildings (premises meters summed in SQL; a service the building
/// has a building meter for — heating — is taken from that meter); C# only calls the plugins'
/// forecasters, one series per building and service.
/// </summary>
internal sealed class DemandForecasts(MeteringDbContext db, UtilityTypes utilities, IClock clock, IServiceProvider services)
{
    public const int PageSize = 20;
    public const int ChartMonths = 12;
    public const int HistoryMonths = 36;

    private const int MaxAccountsPerBuilding = 100_000;

    public async Task<DemandView> LoadAsync(int page, long? buildingId, CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(cancellationToken);
        var current = ReadingPeriods.MonthOf(today);
        var last = current.AddMonths(-1);
        var next = current.AddMonths(1);
        var all = services.GetService<IBuildingDirectory>() is { } directory
            ? (await directory.ListAsync(cancellationToken)).OrderBy(b => b.Address, StringComparer.CurrentCulture).ThenBy(b => b.Id).ToList()
            : [];
        var pages = Math.Max(1, (all.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var shown = all.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var selected = buildingId is { } id ? all.FirstOrDefault(b => b.Id == id) : null;
        var wanted = selected is null || shown.Contains(selected) ? shown : [.. shown, selected];

        var series = await MonthlyAsync(wanted, last.AddMonths(-(HistoryMonths + ChartMonths)), last, cancellationToken);
        var temperatures = await TemperaturesAsync(last.AddMonths(-(HistoryMonths + ChartMonths)), cancellationToken);
        var rows = shown.Select(b => Building(b, series, temperatures, last, next, chart: false)).ToList();
        var detail = selected is null ? null : Building(selected, series, temperatures, last, next, chart: true);
        return new DemandView(rows, all.Count, page, pages, last, next, detail);
    }

    private BuildingDemand Building(
        BuildingSummary building, Dictionary<(long, string), Series> series, IReadOnlyList<DailyTemperature> temperatures, DateOnly last, DateOnly next, bool chart)
    {
        var result = new List<ServiceDemand>();
        foreach (var plugin in utilities.All.OrderBy(p => p.Code, StringComparer.Ordinal))
        {
            if (!series.TryGetValue((building.Id, plugin.Code), out var own))
                continue;
            var months = own.Months;
            var history = Window(months, last.AddMonths(1));
            var ahead = Forecast(plugin, history, temperatures, last.AddMonths(1), next);
            var points = new List<DemandPoint>();
            if (chart)
            {
                for (var month = last.AddMonths(-(ChartMonths - 1)); month <= last; month = month.AddMonths(1))
                    points.Add(new DemandPoint(month, months.TryGetValue(month, out var v) ? v : null, Forecast(plugin, Window(months, month), temperatures, month, month)));
                points.Add(new DemandPoint(last.AddMonths(1), null, Forecast(plugin, history, temperatures, last.AddMonths(1), last.AddMonths(1))));
                points.Add(new DemandPoint(next, null, ahead));
            }

            result.Add(new ServiceDemand(plugin.Code, own.Whole, months.TryGetValue(last, out var lastVolume) ? lastVolume : null, ahead, points));
        }

        return new BuildingDemand(building, result);
    }

    /// <summary>The known months before <paramref name="origin"/> (first day of the first month forecast), at most <see cref="HistoryMonths"/>.</summary>
    private static List<MonthlyConsumption> Window(SortedDictionary<DateOnly, decimal> months, DateOnly origin) =>
        months.Where(m => m.Key < origin && m.Key >= origin.AddMonths(-HistoryMonths)).Select(m => new MonthlyConsumption(m.Key, m.Value)).ToList();

    /// <summary>The forecast of <paramref name="target"/> made with what was known before <paramref name="origin"/>: temperatures up to then only.</summary>
    private static ConsumptionForecast? Forecast(IUtilityPlugin plugin, List<MonthlyConsumption> history, IReadOnlyList<DailyTemperature> temperatures, DateOnly origin, DateOnly target)
    {
        if (history.Count < 3)
            return null;
        var lastKnown = history[^1].Month;
        var ahead = ((target.Year - lastKnown.Year) * 12) + target.Month - lastKnown.Month;
        if (ahead is < 1 or > 3)
            return null;
        var known = new ForecastHistory { Monthly = history, Temperatures = temperatures.Where(t => t.Day < origin).ToList() };
        var forecast = plugin.Forecaster.ForecastMonths(known, ahead);
        return forecast.Count == ahead ? forecast[^1] with { Volume = Math.Max(0, forecast[^1].Volume), Lower = Math.Max(0, forecast[^1].Lower) } : null;
    }

    private sealed record Series(bool Whole, SortedDictionary<DateOnly, decimal> Months);

    private async Task<Dictionary<(long, string), Series>> MonthlyAsync(IReadOnlyList<BuildingSummary> buildings, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(long, string), Series>();
        if (buildings.Count == 0)
            return result;
        var accounts = new List<long>();
        var accountBuildings = new List<long>();
        if (services.GetService<IAccountDirectory>() is { } directory)
        {
            foreach (var building in buildings)
            {
                foreach (var account in await directory.SearchAsync(null, building.Id, MaxAccountsPerBuilding, cancellationToken))
                {
                    accounts.Add(account.Id);
                    accountBuildings.Add(building.Id);
                }
            }
        }

        const string sql = """
            with acc as (
                select * from unnest(@accounts, @account_buildings) as a(account_id, building_id)
            ), owned as (
                select m.id, m.utility, m.verified_until, a.building_id, false as whole
                from metering.meters m join acc a on a.account_id = m.account_id
                union all
                select m.id, m.utility, m.verified_until, m.building_id, true
                from metering.meters m where m.building_id = any(@buildings)
            ), closing as (
                select distinct on (r.meter_id, r.register, r.period) r.meter_id, r.register, r.period, r.value
                from metering.readings r join owned o on o.id = r.meter_id
                where r.status = 'confirmed' and r.period >= @from and r.period <= @to
                  and r.taken_at >= @scan_from and r.taken_at < @scan_to and r.taken_at < (o.verified_until + 1)::timestamp
                order by r.meter_id, r.register, r.period, r.taken_at desc
            ), volumes as (
                select meter_id, period, value - lag(value) over w as volume, lag(period) over w as previous
                from closing window w as (partition by meter_id, register order by period)
            )
            select o.building_id, o.utility, o.whole, v.period, sum(v.volume)
            from volumes v join owned o on o.id = v.meter_id
            where v.previous = (v.period - interval '1 month')::date and v.volume >= 0
            group by o.building_id, o.utility, o.whole, v.period
            order by 1, 2, 3, 4
            """;
        var opening = from.AddMonths(-1);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection()) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("accounts", accounts.ToArray());
            command.Parameters.AddWithValue("account_buildings", accountBuildings.ToArray());
            command.Parameters.AddWithValue("buildings", buildings.Select(b => b.Id).ToArray());
            command.Parameters.AddWithValue("from", opening);
            command.Parameters.AddWithValue("to", to);
            // Bounds on the time taken prune the yearly partitions (a reading counts up to 3 months before its period, after it by a day).
            command.Parameters.AddWithValue("scan_from", opening.AddMonths(-3).ToDateTime(TimeOnly.MinValue));
            command.Parameters.AddWithValue("scan_to", to.AddMonths(1).AddDays(1).ToDateTime(TimeOnly.MinValue));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetInt64(0), reader.GetString(1));
                var whole = reader.GetBoolean(2);
                // A building meter, where there is one, measures the whole building: its series wins over the premises' sum.
                if (!result.TryGetValue(key, out var own) || (whole && !own.Whole))
                    result[key] = own = new Series(whole, []);
                if (own.Whole == whole)
                    own.Months[reader.GetFieldValue<DateOnly>(3)] = reader.GetDecimal(4);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return result;
    }

    /// <summary>The observed daily temperatures of the centre's weather site (the one with the most days), for heating models.</summary>
    private async Task<IReadOnlyList<DailyTemperature>> TemperaturesAsync(DateOnly from, CancellationToken cancellationToken)
    {
        var site = await db.Weather.GroupBy(w => w.Site).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstOrDefaultAsync(cancellationToken);
        if (site is null)
            return [];
        return await db.Weather.AsNoTracking().Where(w => w.Site == site && w.Day >= from.AddYears(-3)).OrderBy(w => w.Day)
            .Select(w => new DailyTemperature(w.Day, (double)w.MeanTempC)).ToListAsync(cancellationToken);
    }
}
