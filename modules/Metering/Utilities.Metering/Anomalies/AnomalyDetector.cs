using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Utilities.Metering.Data;
using Utilities.Metering.Events;
using Utilities.Metering.Plugins;
using Utilities.Platform.Messaging;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;
using Utilities.Plugins.Sdk;
using SdkDaily = Utilities.Plugins.Sdk.DailyConsumption;

namespace Utilities.Metering.Anomalies;

internal static class AnomalyKinds
{
    public const string OutsideForecast = "outside-forecast";
    public const string Leak = "leak";
}

/// <param name="Ran">False when another host held the check (or, for the daily run, had done it today).</param>
internal sealed record AnomalyRun(bool Ran, int Candidates, IReadOnlyList<DetectedAnomaly> Opened);

/// <summary>
/// The anomaly check of automated premises meters (issue 10, ADR 0024) for the complete days before
/// <c>day</c>: (a) the daily consumption outside the plugin's 80 % interval on each of the last N days
/// (<see cref="MeteringSettings.AnomalyOutsideDays"/>), all N forecast at one origin, the day before the
/// run, so the anomaly cannot feed the forecast it is judged by; (b) for the utilities of
/// <see cref="MeteringSettings.LeakCheckUtilities"/>, hourly data whose flow is above zero in every one of
/// the last 72 hours. Candidates come from two set-based queries (the daily volumes stream in one pass,
/// ordered by meter); new alerts are one <c>INSERT … ON CONFLICT DO NOTHING</c> against the open-alert
/// index and one event per run. A session advisory lock keeps two hosts from checking at once.
/// </summary>
internal sealed class AnomalyDetector(MeteringDbContext db, UtilityTypes utilities, ISettings settings, IClock clock)
{
    /// <summary>Days of history before the window handed to the daily model (it fits on the last year).</summary>
    public const int HistoryDays = 400;

    /// <summary>Fewer known days than this before the window: no forecast, no alert.</summary>
    public const int MinimumHistoryDays = 28;

    public const int LeakHours = 72;

    private const long LockKey = 0x6d65_7465_7269_6e67; // "metering"

    /// <summary>The scheduled run: once per day, whatever the number of hosts.</summary>
    public Task<AnomalyRun> RunDueAsync(DateOnly day, CancellationToken cancellationToken) => RunAsync(day, onlyIfNotRun: true, cancellationToken);

    /// <summary>Checks now (an operator, a test); idempotent: an open alert is never opened twice.</summary>
    public Task<AnomalyRun> DetectAsync(DateOnly day, CancellationToken cancellationToken) => RunAsync(day, onlyIfNotRun: false, cancellationToken);

    private async Task<AnomalyRun> RunAsync(DateOnly day, bool onlyIfNotRun, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        try
        {
            if (!await ScalarAsync<bool>(connection, "select pg_try_advisory_lock(@key)", cancellationToken, ("key", LockKey)))
                return new AnomalyRun(false, 0, []);
            try
            {
                if (onlyIfNotRun && await ScalarAsync<bool>(connection, "select exists (select 1 from metering.anomaly_runs where day = @day)", cancellationToken, ("day", day)))
                    return new AnomalyRun(false, 0, []);
                var days = Math.Clamp(await settings.GetAsync(MeteringSettings.AnomalyOutsideDays, day, cancellationToken), 2, 7);
                var leakUtilities = (await settings.GetAsync(MeteringSettings.LeakCheckUtilities, day, cancellationToken))
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var candidates = new List<Candidate>();
                candidates.AddRange(await LeaksAsync(connection, day, leakUtilities, cancellationToken));
                candidates.AddRange(await OutsideForecastAsync(connection, day, days, cancellationToken));
                var opened = await OpenAsync(connection, day, candidates, cancellationToken);
                return new AnomalyRun(true, candidates.Count, opened);
            }
            finally
            {
                await ScalarAsync<bool>(connection, "select pg_advisory_unlock(@key)", CancellationToken.None, ("key", LockKey));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed record Candidate(long MeterId, string Kind, DateOnly FirstDay, DateOnly LastDay, decimal? Actual, decimal? Expected, decimal? Lower, decimal? Upper);

    /// <summary>Every hour of the last 72 (to midnight before <paramref name="day"/>) present with a flow above zero.</summary>
    private static async Task<List<Candidate>> LeaksAsync(NpgsqlConnection connection, DateOnly day, string[] utilityCodes, CancellationToken cancellationToken)
    {
        const string sql = """
            with hourly as (
                select r.meter_id, r.register,
                       r.value - lag(r.value) over w as flow, r.taken_at - lag(r.taken_at) over w as step
                from metering.readings r join metering.meters m on m.id = r.meter_id
                where m.is_automated and m.account_id is not null and m.removed_on is null and m.utility = any(@utilities)
                  and r.source = 'automation' and r.status = 'confirmed' and r.taken_at >= @from and r.taken_at <= @to
                window w as (partition by r.meter_id, r.register order by r.taken_at)
            )
            select meter_id, min(flow) from hourly where step is not null
            group by meter_id
            having count(*) = @hours * count(distinct register) and bool_and(step = interval '1 hour') and min(flow) > 0
            order by meter_id
            """;
        var to = day.ToDateTime(TimeOnly.MinValue);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("utilities", utilityCodes);
        command.Parameters.AddWithValue("from", to.AddHours(-LeakHours));
        command.Parameters.AddWithValue("to", to);
        command.Parameters.AddWithValue("hours", (long)LeakHours);
        var result = new List<Candidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(new Candidate(reader.GetInt64(0), AnomalyKinds.Leak, day.AddDays(-LeakHours / 24), day.AddDays(-1), reader.GetDecimal(1), null, null, null));
        return result;
    }

    /// <summary>Daily volumes of every automated premises meter in one ordered stream; each meter judged as its rows end.</summary>
    private async Task<List<Candidate>> OutsideForecastAsync(NpgsqlConnection connection, DateOnly day, int days, CancellationToken cancellationToken)
    {
        // A value belongs to the day it ends: the value at 00:00 closes the day before (as ConsumptionQuery.DailyAsync).
        const string sql = """
            with ends as (
                select distinct on (r.meter_id, r.register, (r.taken_at - interval '1 microsecond')::date)
                       r.meter_id, r.register, (r.taken_at - interval '1 microsecond')::date as day, r.value
                from metering.readings r join metering.meters m on m.id = r.meter_id
                where m.is_automated and m.account_id is not null and m.removed_on is null
                  and r.source = 'automation' and r.status = 'confirmed' and r.taken_at > @from and r.taken_at <= @to
                order by r.meter_id, r.register, (r.taken_at - interval '1 microsecond')::date, r.taken_at desc
            ), volumes as (
                select meter_id, day, value - lag(value) over w as volume, day - lag(day) over w as gap
                from ends window w as (partition by meter_id, register order by day)
            )
            select v.meter_id, m.utility, v.day, sum(v.volume)
            from volumes v join metering.meters m on m.id = v.meter_id
            where v.gap = 1 and v.volume >= 0
            group by v.meter_id, m.utility, m.registers, v.day
            having count(*) = cardinality(m.registers)
            order by v.meter_id, v.day
            """;
        var first = day.AddDays(-days);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("from", first.AddDays(-HistoryDays - 2).ToDateTime(TimeOnly.MinValue));
        command.Parameters.AddWithValue("to", day.ToDateTime(TimeOnly.MinValue));
        var result = new List<Candidate>();
        var series = new List<SdkDaily>();
        long meter = 0;
        string? utility = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                if (id != meter)
                {
                    Judge(meter, utility, series, first, day, result);
                    series.Clear();
                    meter = id;
                    utility = reader.GetString(1);
                }

                series.Add(new SdkDaily(reader.GetFieldValue<DateOnly>(2), reader.GetDecimal(3)));
            }
        }

        Judge(meter, utility, series, first, day, result);
        return result;
    }

    private void Judge(long meter, string? utility, List<SdkDaily> series, DateOnly first, DateOnly day, List<Candidate> result)
    {
        if (utility is null || utilities.Find(utility) is not { } plugin)
            return;
        var window = series.Where(d => d.Day >= first).ToList();
        var history = series.Where(d => d.Day < first).ToList();
        // The window complete and the forecast's origin (the day before it) known, else nothing to judge.
        if (window.Count != day.DayNumber - first.DayNumber || history.Count < MinimumHistoryDays || history[^1].Day != first.AddDays(-1))
            return;
        var forecast = plugin.Forecaster.ForecastDays(new ForecastHistory { Daily = history }, window.Count);
        if (forecast.Count != window.Count)
            return;
        for (var i = 0; i < window.Count; i++)
        {
            if (forecast[i].From != window[i].Day || forecast[i].Contains(window[i].Volume))
                return;
        }

        result.Add(new Candidate(meter, AnomalyKinds.OutsideForecast, first, day.AddDays(-1), window.Sum(d => d.Volume),
            Math.Round(forecast.Sum(f => f.Volume), 6), Math.Round(forecast.Sum(f => f.Lower), 6), Math.Round(forecast.Sum(f => f.Upper), 6)));
    }

    /// <summary>Opens the candidates that have no open alert of their kind, records the run and announces what is new, in one transaction.</summary>
    private async Task<IReadOnlyList<DetectedAnomaly>> OpenAsync(NpgsqlConnection connection, DateOnly day, List<Candidate> candidates, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into metering.consumption_alerts (meter_id, account_id, building_id, utility, kind, first_day, last_day,
                                                     actual, expected, lower_bound, upper_bound, detected_at)
            select m.id, m.account_id, m.building_id, m.utility, c.kind, c.first_day, c.last_day, c.actual, c.expected, c.lower_bound, c.upper_bound, @now
            from unnest(@meters, @kinds, @firsts, @lasts, @actuals, @expecteds, @lowers, @uppers)
                 as c(meter_id, kind, first_day, last_day, actual, expected, lower_bound, upper_bound)
            join metering.meters m on m.id = c.meter_id
            order by m.id, c.kind
            on conflict (meter_id, kind) where closed_at is null do nothing
            returning id, meter_id, account_id, building_id, utility, kind, first_day, last_day,
                      (select serial from metering.meters s where s.id = meter_id)
            """;
        var now = clock.Now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var opened = new List<DetectedAnomaly>();
        if (candidates.Count > 0)
        {
            await using var command = new NpgsqlCommand(sql, connection, (NpgsqlTransaction)transaction.GetDbTransaction());
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("meters", candidates.Select(c => c.MeterId).ToArray());
            command.Parameters.AddWithValue("kinds", candidates.Select(c => c.Kind).ToArray());
            command.Parameters.AddWithValue("firsts", candidates.Select(c => c.FirstDay).ToArray());
            command.Parameters.AddWithValue("lasts", candidates.Select(c => c.LastDay).ToArray());
            command.Parameters.AddWithValue("actuals", candidates.Select(c => c.Actual).ToArray());
            command.Parameters.AddWithValue("expecteds", candidates.Select(c => c.Expected).ToArray());
            command.Parameters.AddWithValue("lowers", candidates.Select(c => c.Lower).ToArray());
            command.Parameters.AddWithValue("uppers", candidates.Select(c => c.Upper).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                opened.Add(new DetectedAnomaly(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.GetString(4), reader.GetString(8), reader.GetString(5),
                    reader.GetFieldValue<DateOnly>(6), reader.GetFieldValue<DateOnly>(7)));
            }
        }

        await using (var run = new NpgsqlCommand(
            """
            insert into metering.anomaly_runs (day, started_at, alerts) values (@day, @now, @alerts)
            on conflict (day) do update set alerts = metering.anomaly_runs.alerts + excluded.alerts
            """, connection, (NpgsqlTransaction)transaction.GetDbTransaction()))
        {
            run.Parameters.AddWithValue("day", day);
            run.Parameters.AddWithValue("now", now);
            run.Parameters.AddWithValue("alerts", opened.Count);
            await run.ExecuteNonQueryAsync(cancellationToken);
        }

        if (opened.Count > 0)
        {
            db.Publish(new ConsumptionAnomaliesDetected(day, opened), now);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return opened;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
