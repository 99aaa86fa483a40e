using System.Globalization;
using Microsoft.Extensions.Localization;
using Utilities.Metering.Readings;
using Utilities.Metering.Resources;
using Utilities.Platform.Settings;

namespace Utilities.Metering.Cabinet;

/// <summary>One line of a chart: a register's volumes per label (null where nothing was measured).</summary>
internal sealed record ChartSeries(string Register, string Name, IReadOnlyList<decimal?> Values);

/// <param name="Labels">Short labels for the axis.</param>
/// <param name="RowHeaders">Full labels for the data table (screen readers).</param>
/// <param name="Notes">Why a row has no value (no reading, verification expired), per row.</param>
internal sealed record ConsumptionChart(
    string Id, string Caption, string Unit, bool Daily, IReadOnlyList<string> Labels, IReadOnlyList<string> RowHeaders,
    IReadOnlyList<ChartSeries> Series, IReadOnlyList<string?> Notes)
{
    public bool IsEmpty => Series.All(s => s.Values.All(v => v is null));
}

/// <summary>
/// Consumption charts of the cabinet and the kiosk (issue 5, "Consumer views"): by month for an
/// account (summed per register across its meters, so a replaced meter's old and new parts make
/// one continuous line, and risers add up), by day for an automated meter; never before the
/// history window the centre sets, nor before the account opened.
/// </summary>
internal sealed class ConsumptionCharts(IConsumptionQuery consumption, ISettings settings, IStringLocalizer<MeteringText> text)
{
    public static readonly int[] DailyRanges = [30, 90];
    public const int DefaultMonths = 12;

    public async Task<ConsumptionChart> MonthlyAsync(ConsumerAccountMeters account, int months, CancellationToken cancellationToken)
    {
        var ui = CultureInfo.CurrentUICulture;
        // Up to the period a reading submitted today counts for: after the deadline day that is next month.
        var deadline = await settings.GetCurrentAsync(MeteringSettings.ReadingDeadlineDay, cancellationToken);
        var to = ReadingPeriods.ForSubmission(account.Today, deadline);
        var from = new DateOnly(account.Today.Year, account.Today.Month, 1).AddMonths(-(months - 1));
        var first = new DateOnly(account.HistoryFrom.Year, account.HistoryFrom.Month, 1);
        if (from < first)
            from = first;
        var rows = await consumption.MonthlyAsync(ConsumptionOwner.Account(account.Account.Id), from, to, cancellationToken);

        var periods = new List<DateOnly>();
        for (var p = from; p <= to; p = p.AddMonths(1))
            periods.Add(p);
        var registers = rows.Select(r => r.Register).Distinct().OrderBy(RegisterOrder).ToList();
        var names = RegisterNames(account, registers);
        var series = registers.Select(register => new ChartSeries(register, names[register], periods.Select(period =>
        {
            var measured = rows.Where(r => r.Register == register && r.Period == period && r.State == ConsumptionState.Measured).ToList();
            return measured.Count == 0 ? (decimal?)null : measured.Sum(r => r.Volume!.Value);
        }).ToList())).ToList();
        var notes = periods.Select(period =>
        {
            var here = rows.Where(r => r.Period == period).ToList();
            if (here.Count == 0 || here.Any(r => r.State == ConsumptionState.Measured))
                return here.Any(r => r.State == ConsumptionState.Faulty) ? text["Chart_PartlyFaulty"].Value : null;
            return here.Any(r => r.State == ConsumptionState.Faulty) ? text["Chart_Faulty"].Value : text["Chart_NoReading"].Value;
        }).ToList();

        return new ConsumptionChart(
            $"monthly-{account.Account.Id}",
            text["Chart_MonthlyCaption", Month(from, ui), Month(to, ui)],
            Unit(account),
            Daily: false,
            periods.Select(p => p.ToString("MM.yyyy", CultureInfo.InvariantCulture)).ToList(),
            periods.Select(p => Month(p, ui)).ToList(),
            series,
            notes);
    }

    public async Task<ConsumptionChart> DailyAsync(ConsumerAccountMeters account, ConsumerMeter meter, int days, CancellationToken cancellationToken)
    {
        var to = account.Today;
        var from = to.AddDays(-(days - 1));
        if (from < account.HistoryFrom)
            from = account.HistoryFrom;
        var rows = await consumption.DailyAsync(meter.Meter.Id, from, to, cancellationToken);
        var dayList = new List<DateOnly>();
        for (var d = from; d <= to; d = d.AddDays(1))
            dayList.Add(d);
        var names = RegisterNames(account, meter.Meter.Registers);
        var series = meter.Meter.Registers.Select(register => new ChartSeries(register, names[register], dayList.Select(day =>
            rows.FirstOrDefault(r => r.Register == register && r.Day == day)?.Volume).ToList())).ToList();
        return new ConsumptionChart(
            $"daily-{meter.Meter.Id}",
            text["Chart_DailyCaption", meter.Meter.Serial, from.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), to.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)],
            meter.Unit,
            Daily: true,
            dayList.Select(d => d.ToString("dd.MM", CultureInfo.InvariantCulture)).ToList(),
            dayList.Select(d => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)).ToList(),
            series,
            dayList.Select(d => rows.Any(r => r.Day == d) ? null : text["Chart_NoData"].Value).ToList());
    }

    private static string Unit(ConsumerAccountMeters account) => account.Meters.FirstOrDefault()?.Unit ?? string.Empty;

    /// <summary>Names as the meters show them; a register no current meter has (a removed meter's) keeps its code.</summary>
    private Dictionary<string, string> RegisterNames(ConsumerAccountMeters account, IEnumerable<string> registers)
    {
        var zoned = account.Meters.SelectMany(m => m.Registers).Where(r => r.Name.Length > 0).ToList();
        return registers.Distinct().ToDictionary(r => r, r => zoned.FirstOrDefault(z => z.Code == r)?.Name is { } name ? name
            : r is "total" or "T1" && !zoned.Any(z => z.Code == r) ? text["Chart_Consumption"].Value : r);
    }

    private static int RegisterOrder(string register) => register switch { "T1" => 1, "T2" => 2, "T3" => 3, _ => 0 };

    private static string Month(DateOnly period, CultureInfo ui)
    {
        var name = period.ToString("MMMM yyyy", ui);
        return char.ToUpper(name[0], ui) + name[1..];
    }
}
