using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts;
using Utilities.Metering.Data;
using Utilities.Metering.Plugins;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Metering.Cabinet;

/// <summary>One register as the consumer sees it: its name and the last value that counts (pending or confirmed).</summary>
internal sealed record ConsumerRegister(string Code, string Name, decimal? LastValue, DateTime? LastTakenAt);

/// <summary>The readings of one meter at one time from one source, with their status (the same for every register).</summary>
internal sealed record ConsumerReading(
    DateTime TakenAt, string Source, string Status, DateOnly Period, DateOnly? ConfirmBy, string? RejectionReason,
    IReadOnlyList<(string Register, decimal Value)> Values);

internal sealed record ConsumerMeter(
    Meter Meter, string UtilityName, string Unit, IReadOnlyList<ConsumerRegister> Registers, bool IsFaulty, IReadOnlyList<ConsumerReading> LastReadings);

/// <param name="HistoryFrom">The first day the consumer may see: the centre's history window, not before the account opened.</param>
internal sealed record ConsumerAccountMeters(AccountSummary Account, IReadOnlyList<ConsumerMeter> Meters, DateOnly Today, DateOnly HistoryFrom);

/// <summary>
/// The meters of an account a signed-in consumer may see (<see cref="IConsumerAccounts"/>), with
/// each register's last value and the last readings with source and status, limited to the
/// history window the centre sets (<see cref="PlatformSettings.ConsumerHistoryMonths"/>).
/// </summary>
internal sealed class ConsumerMeters(MeteringDbContext db, UtilityTypes utilities, ISettings settings, IClock clock, IServiceProvider services)
{
    public const int LastReadingsShown = 5;

    /// <summary>Null when the account is not the consumer's to see (the page answers 404).</summary>
    public async Task<ConsumerAccountMeters?> AccountAsync(long consumerId, long accountId, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(consumerId, cancellationToken);
        var account = view?.Accounts.FirstOrDefault(a => a.Id == accountId);
        return account is null ? null : (await LoadAsync([account], LastReadingsShown, true, cancellationToken))[0];
    }

    /// <summary>
    /// The dashboard's cut: each meter with only its last reading (any source, any status), no per-register
    /// latest values (the widget shows neither). Two statements however many meters: the dashboard is the
    /// cabinet's busiest page (ADR 28).
    /// </summary>
    public async Task<IReadOnlyList<ConsumerAccountMeters>> LastReadingAsync(CabinetView view, CancellationToken cancellationToken) =>
        await LoadAsync(view.Accounts, 1, false, cancellationToken);

    private async Task<CabinetView?> ViewAsync(long consumerId, CancellationToken cancellationToken) =>
        services.GetService<IConsumerAccounts>() is { } accounts ? await accounts.ViewAsync(consumerId, cancellationToken) : null;

    private async Task<IReadOnlyList<ConsumerAccountMeters>> LoadAsync(
        IReadOnlyList<AccountSummary> accounts, int shown, bool registersLatest, CancellationToken cancellationToken)
    {
        var culture = CultureInfo.CurrentUICulture;
        var today = await clock.TodayAsync(cancellationToken);
        var months = await settings.GetCurrentAsync(PlatformSettings.ConsumerHistoryMonths, cancellationToken);
        var window = today.AddMonths(-months);
        var ids = accounts.Select(a => a.Id).ToList();
        var meters = await db.Meters.AsNoTracking()
            .Where(m => m.AccountId != null && ids.Contains(m.AccountId.Value) && m.RemovedOn == null)
            .OrderBy(m => m.Utility).ThenBy(m => m.Serial)
            .ToListAsync(cancellationToken);
        // An upper bound too (generous: clocks of readers differ): it prunes the readings' later, empty yearly
        // partitions when a query is planned instead of planning a scan of each.

        // The last few readings of each meter (any source), all meters in one statement: per register, its newest
        // rows on the readings' unique index (meter, register, taken_at, source); the meter's newest times are
        // picked from those below. A register's rows newer than one of the meter's newest times are at the meter's
        // newest times, so a few per register cover them (room left for two sources at one time). Ordering a
        // meter's readings by time alone would sort every reading of an automated meter (ADR 28).
        // Dates, cast in SQL: a DateTime parameter of raw SQL would go as timestamptz.
        var registers = meters.SelectMany(m => m.Registers.Select(r => (m, r))).ToList();
        var regMeters = registers.Select(x => x.m.Id).ToArray();
        var regCodes = registers.Select(x => x.r).ToArray();
        var regFroms = registers.Select(x => From(accounts.First(a => a.Id == x.m.AccountId), window)).ToArray();
        var untilDay = today.AddYears(1);
        var perRegister = shown * 2;
        var rows = meters.Count == 0
            ? []
            : await db.Readings.FromSql($"""
                select x.* from unnest({regMeters}::bigint[], {regCodes}::text[], {regFroms}::date[]) as m(id, register, from_at)
                cross join lateral (
                    select x.* from metering.readings x
                    where x.meter_id = m.id and x.register = m.register
                      and x.taken_at >= m.from_at::timestamp and x.taken_at < {untilDay}::date::timestamp
                    order by x.taken_at desc limit {perRegister}) x
                """).AsNoTracking().ToListAsync(cancellationToken);
        var recent = meters.ToDictionary(m => m.Id, m => rows.Where(r => r.MeterId == m.Id).Select(r => r.TakenAt).Distinct().OrderByDescending(t => t).Take(shown).ToList());
        // Each register's latest value that counts (not rejected): one index probe per register, as above.
        var latest = !registersLatest || meters.Count == 0
            ? []
            : await db.Database.SqlQuery<LatestValue>($"""
                select m.id as meter_id, m.register, x.taken_at, x.value
                from unnest({regMeters}::bigint[], {regCodes}::text[]) as m(id, register)
                cross join lateral (
                    select x.taken_at, x.value from metering.readings x
                    where x.meter_id = m.id and x.register = m.register and x.status <> {ReadingStatuses.Rejected}
                      and x.taken_at >= {window}::date::timestamp and x.taken_at < {untilDay}::date::timestamp
                    order by x.taken_at desc limit 1) x
                """).ToListAsync(cancellationToken);

        return accounts.Select(account =>
        {
            var from = From(account, window);
            var list = meters.Where(m => m.AccountId == account.Id).Select(meter =>
            {
                var own = recent[meter.Id];
                var readings = rows
                    .Where(r => r.MeterId == meter.Id && own.Contains(r.TakenAt) && r.TakenAt >= from.ToDateTime(TimeOnly.MinValue))
                    .GroupBy(r => (r.TakenAt, r.Source))
                    .OrderByDescending(g => g.Key.TakenAt)
                    .Take(shown)
                    .Select(g => new ConsumerReading(
                        g.Key.TakenAt, g.Key.Source, g.First().Status, g.First().Period, g.First().ConfirmBy, g.First().DecisionReason,
                        g.OrderBy(r => Array.IndexOf(meter.Registers, r.Register)).Select(r => (r.Register, r.Value)).ToList()))
                    .ToList();
                var registers = meter.Registers.Select(code =>
                {
                    var last = latest.FirstOrDefault(l => l.MeterId == meter.Id && l.Register == code && l.TakenAt >= from.ToDateTime(TimeOnly.MinValue));
                    return new ConsumerRegister(code, RegisterName(meter, code, culture), last?.Value, last?.TakenAt);
                }).ToList();
                return new ConsumerMeter(meter, utilities.DisplayName(meter.Utility, culture), utilities.UnitSymbol(meter.Utility, culture), registers, meter.VerifiedUntil < today, readings);
            }).ToList();
            return new ConsumerAccountMeters(account, list, today, from);
        }).ToList();
    }

    private sealed record LatestValue(long MeterId, string Register, DateTime TakenAt, decimal Value);

    private static DateOnly From(AccountSummary account, DateOnly window) => account.OpenedOn > window ? account.OpenedOn : window;

    /// <summary>A single-rate meter's one register is just "the reading"; zones keep the plugin's names.</summary>
    public string RegisterName(Meter meter, string code, CultureInfo culture) =>
        meter.Registers.Length == 1 ? string.Empty : utilities.RegisterName(meter.Utility, code, culture);
}
