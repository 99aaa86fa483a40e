using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Utilities.Metering.Data;
using Utilities.Metering.Readings;

namespace Utilities.Metering.Consumption;

/// <summary>Consumption from counted readings, set-based in SQL (see <see cref="IConsumptionQuery"/> for the rule).</summary>
internal sealed class ConsumptionQuery(MeteringDbContext db) : IConsumptionQuery
{
    /// <summary>How far before a period its counted readings can have been taken (max age of a consumer's reading, deadline rule).</summary>
    private const int ScanMonthsBefore = 3;

    public IAsyncEnumerable<RegisterConsumption> StreamPeriodAsync(DateOnly period, CancellationToken cancellationToken) =>
        StreamAsync(period, buildings: false, cancellationToken);

    public async Task<IReadOnlyList<RegisterConsumption>> BuildingPeriodAsync(DateOnly period, CancellationToken cancellationToken)
    {
        var rows = new List<RegisterConsumption>();
        await foreach (var row in StreamAsync(period, buildings: true, cancellationToken))
            rows.Add(row);
        return rows;
    }

    public async Task<IReadOnlyList<AverageConsumption>> AveragesAsync(
        IReadOnlyCollection<long> accountIds, DateOnly period, int windowMonths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        period = ReadingPeriods.MonthOf(period);
        var windowFrom = period.AddMonths(-Math.Max(1, windowMonths));
        const string sql = """
            select m.id, m.account_id, reg.code, m.digit_capacity, m.installed_on, l.value, l.period, f.value, f.period
            from metering.meters m
            cross join lateral unnest(m.registers) as reg(code)
            join lateral (
                select r.value, r.period from metering.readings r
                where r.meter_id = m.id and r.register = reg.code and r.status = 'confirmed'
                  and r.period < @period and r.period >= @window_from and r.taken_at >= @scan_from and r.taken_at < @scan_to
                  and r.taken_at < (m.verified_until + 1)::timestamp
                order by r.taken_at desc limit 1) l on true
            join lateral (
                select r.value, r.period from metering.readings r
                where r.meter_id = m.id and r.register = reg.code and r.status = 'confirmed'
                  and r.period >= @window_from and r.period < l.period and r.taken_at >= @scan_from and r.taken_at < @scan_to
                order by r.taken_at limit 1) f on true
            where m.account_id = any(@ids)
            order by m.account_id, m.id, reg.code
            """;
        var result = new List<AverageConsumption>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection()) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("ids", accountIds.ToArray());
            command.Parameters.AddWithValue("period", period);
            command.Parameters.AddWithValue("window_from", windowFrom);
            command.Parameters.AddWithValue("scan_from", windowFrom.AddMonths(-ScanMonthsBefore).ToDateTime(TimeOnly.MinValue));
            // An upper bound prunes the later yearly partitions: without it each probe visits every one of them.
            command.Parameters.AddWithValue("scan_to", period.AddMonths(1).AddDays(1).ToDateTime(TimeOnly.MinValue));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var last = reader.GetDecimal(5);
                var first = reader.GetDecimal(7);
                var lastPeriod = reader.GetFieldValue<DateOnly>(6);
                var firstPeriod = reader.GetFieldValue<DateOnly>(8);
                var months = (lastPeriod.Year - firstPeriod.Year) * 12 + lastPeriod.Month - firstPeriod.Month;
                if (months <= 0 || MeterArithmetic.Consumption(first, last, reader.GetInt32(3)) is not { } volume)
                    continue;
                result.Add(new AverageConsumption(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2),
                    Math.Round(volume / months, 6, MidpointRounding.AwayFromZero), months, reader.GetFieldValue<DateOnly>(4)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return result;
    }

    private async IAsyncEnumerable<RegisterConsumption> StreamAsync(DateOnly period, bool buildings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        period = ReadingPeriods.MonthOf(period);
        var periodEnd = period.AddMonths(1).AddDays(-1);
        var sql = """
            select m.id, coalesce(m.account_id, m.building_id), m.utility, reg.code, m.is_automated, m.digit_capacity, m.verified_until,
                   cur.value as closing, coalesce(prev.value, prev_old.value, first_in.value) as opening
            from metering.meters m
            cross join lateral unnest(m.registers) as reg(code)
            left join lateral (
                select r.value from metering.readings r
                where r.meter_id = m.id and r.register = reg.code and r.status = 'confirmed' and r.period = @period
                  and r.taken_at >= @scan_from and r.taken_at < @scan_to and r.taken_at < (m.verified_until + 1)::timestamp
                order by r.taken_at desc limit 1) cur on true
            -- The previous reading is looked for in the last 15 months first (partitions pruned), and only when
            -- there is none there in the whole history: one index probe a register instead of one per yearly partition.
            left join lateral (
                select r.value from metering.readings r
                where cur.value is not null and r.meter_id = m.id and r.register = reg.code and r.status = 'confirmed'
                  and r.period < @period and r.taken_at < @scan_to and r.taken_at >= @recent_from
                order by r.taken_at desc limit 1) prev on true
            left join lateral (
                select r.value from metering.readings r
                where cur.value is not null and prev.value is null and r.meter_id = m.id and r.register = reg.code and r.status = 'confirmed'
                  and r.period < @period and r.taken_at < @recent_from
                order by r.taken_at desc limit 1) prev_old on true
            left join lateral (
                select r.value from metering.readings r
                where cur.value is not null and prev.value is null and prev_old.value is null and r.meter_id = m.id and r.register = reg.code
                  and r.status = 'confirmed' and r.period = @period and r.taken_at >= @scan_from and r.taken_at < @scan_to
                order by r.taken_at limit 1) first_in on true
            where m.{owner} is not null and m.installed_on <= @period_end
              and (m.removed_on is null or m.removed_on >= @period
                   -- removed after the deadline day: its final reading counts for this period (replacement stays continuous)
                   or exists (select 1 from metering.readings f where f.meter_id = m.id and f.period = @period and f.status = 'confirmed'
                                and f.taken_at >= @scan_from and f.taken_at < @scan_to))
            order by m.{owner}, m.id, reg.code
            """.Replace("{owner}", buildings ? "building_id" : "account_id", StringComparison.Ordinal);
        // EF opens the connection unless it is open already (a caller's transaction) and closes only what it opened.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        try
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("period", period);
            command.Parameters.AddWithValue("period_end", periodEnd);
            command.Parameters.AddWithValue("scan_from", period.AddMonths(-ScanMonthsBefore).ToDateTime(TimeOnly.MinValue));
            command.Parameters.AddWithValue("scan_to", period.AddMonths(1).AddDays(1).ToDateTime(TimeOnly.MinValue));
            command.Parameters.AddWithValue("recent_from", period.AddMonths(-15).ToDateTime(TimeOnly.MinValue));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var verifiedUntil = reader.GetFieldValue<DateOnly>(6);
                var closing = reader.IsDBNull(7) ? (decimal?)null : reader.GetDecimal(7);
                var opening = reader.IsDBNull(8) ? (decimal?)null : reader.GetDecimal(8);
                var owner = reader.GetInt64(1);
                yield return Row(reader.GetInt64(0), buildings ? null : owner, buildings ? owner : null, reader.GetString(2), reader.GetString(3), period,
                    faulty: verifiedUntil < periodEnd, opening, closing, reader.GetInt32(5), reader.GetBoolean(4));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<IReadOnlyList<RegisterConsumption>> MonthlyAsync(ConsumptionOwner owner, DateOnly fromPeriod, DateOnly toPeriod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        fromPeriod = ReadingPeriods.MonthOf(fromPeriod);
        toPeriod = ReadingPeriods.MonthOf(toPeriod);
        var meters = await db.Meters.AsNoTracking()
            .Where(m => owner.AccountId != null ? m.AccountId == owner.AccountId : m.BuildingId == owner.BuildingId)
            .ToListAsync(cancellationToken);
        if (meters.Count == 0)
            return [];
        var ids = meters.Select(m => m.Id).ToArray();
        const string sql = """
            with closing as (
                select distinct on (r.meter_id, r.register, r.period) r.meter_id, r.register, r.period, r.value
                from metering.readings r join metering.meters m on m.id = r.meter_id
                where r.meter_id = any(@ids) and r.status = 'confirmed' and r.period <= @to
                  and r.taken_at < (m.verified_until + 1)::timestamp
                order by r.meter_id, r.register, r.period, r.taken_at desc
            ), firsts as (
                select distinct on (r.meter_id, r.register) r.meter_id, r.register, r.value
                from metering.readings r
                where r.meter_id = any(@ids) and r.status = 'confirmed'
                order by r.meter_id, r.register, r.taken_at
            )
            select c.meter_id, c.register, c.period, c.value, coalesce(lag(c.value) over w, f.value)
            from closing c join firsts f on f.meter_id = c.meter_id and f.register = c.register
            window w as (partition by c.meter_id, c.register order by c.period)
            """;
        var measured = new Dictionary<(long, string, DateOnly), (decimal Closing, decimal Opening)>();
        // EF opens the connection unless it is open already (a caller's transaction) and closes only what it opened.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("ids", ids);
            command.Parameters.AddWithValue("to", toPeriod);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                measured[(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2))] = (reader.GetDecimal(3), reader.GetDecimal(4));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var rows = new List<RegisterConsumption>();
        for (var period = fromPeriod; period <= toPeriod; period = period.AddMonths(1))
        {
            var periodEnd = period.AddMonths(1).AddDays(-1);
            // A meter removed after the deadline day still has its final reading counted for the next period.
            var inPeriod = meters.Where(m => m.InstalledOn <= periodEnd
                && (m.RemovedOn is null || m.RemovedOn >= period || m.Registers.Any(r => measured.ContainsKey((m.Id, r, period)))));
            foreach (var meter in inPeriod.OrderBy(m => m.InstalledOn).ThenBy(m => m.Id))
            {
                foreach (var register in meter.Registers)
                {
                    var found = measured.TryGetValue((meter.Id, register, period), out var value);
                    rows.Add(Row(meter.Id, meter.AccountId, meter.BuildingId, meter.Utility, register, period, meter.VerifiedUntil < periodEnd,
                        found ? value.Opening : null, found ? value.Closing : null, meter.DigitCapacity, meter.IsAutomated));
                }
            }
        }

        return rows;
    }

    public async Task<IReadOnlyList<DailyConsumption>> DailyAsync(long meterId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var meter = await db.Meters.AsNoTracking().FirstOrDefaultAsync(m => m.Id == meterId, cancellationToken);
        if (meter is null)
            return [];
        // A value belongs to the day it ends: the value at 00:00 closes the day before.
        // Bounds go as dates cast to timestamp: a DateTime parameter would be sent as timestamptz.
        var ends = await db.Database
            .SqlQuery<DayEnd>($"""
                select distinct on (register, (taken_at - interval '1 microsecond')::date)
                       register as "Register", (taken_at - interval '1 microsecond')::date as "Day", value as "Value"
                from metering.readings
                where meter_id = {meterId} and status = 'confirmed'
                  and taken_at > {from.AddDays(-1)}::timestamp and taken_at <= {to.AddDays(1)}::timestamp
                order by register, (taken_at - interval '1 microsecond')::date, taken_at desc
                """)
            .ToListAsync(cancellationToken);
        var days = new List<DailyConsumption>();
        foreach (var register in ends.GroupBy(e => e.Register))
        {
            DayEnd? previous = null;
            foreach (var end in register.OrderBy(e => e.Day))
            {
                if (previous is not null && end.Day >= from && MeterArithmetic.Consumption(previous.Value, end.Value, meter.DigitCapacity) is { } volume)
                    days.Add(new DailyConsumption(meterId, register.Key, end.Day, volume));
                previous = end;
            }
        }

        return days.OrderBy(d => d.Day).ThenBy(d => d.Register).ToList();
    }

    private static RegisterConsumption Row(
        long meterId, long? accountId, long? buildingId, string utility, string register, DateOnly period, bool faulty,
        decimal? opening, decimal? closing, int digits, bool automated)
    {
        if (faulty)
            return new RegisterConsumption(meterId, accountId, buildingId, utility, register, period, ConsumptionState.Faulty, null, opening, closing, automated);
        if (opening is not { } o || closing is not { } c || MeterArithmetic.Consumption(o, c, digits) is not { } volume)
            return new RegisterConsumption(meterId, accountId, buildingId, utility, register, period, ConsumptionState.Missing, null, opening, closing, automated);
        return new RegisterConsumption(meterId, accountId, buildingId, utility, register, period, ConsumptionState.Measured, volume, o, c, automated);
    }

    private sealed class DayEnd
    {
        public required string Register { get; init; }

        public DateOnly Day { get; init; }

        public decimal Value { get; init; }
    }
}
