using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts;
using Utilities.Metering.Data;
using Utilities.Metering.Readings;
using Utilities.Platform.Modules;
using Utilities.Platform.Time;

namespace Utilities.Metering.Demo;

/// <summary>
/// A meter for every metered account of the demo (heating is metered per building; one flat has two
/// cold-water risers), 13 months of monthly readings from consumers and inspectors, daily values for
/// automated meters over the last 100 days, one meter whose verification runs out soon, one already
/// expired, and one implausible consumer reading waiting in the operator's queue.
/// </summary>
internal sealed class MeteringDemoData(MeteringDbContext db, IServiceProvider services, IClock clock) : IDemoData
{
    public const int HistoryMonths = 13;
    public const int AutomatedDays = 100;

    public int Order => 20;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        // Accounts come from the Contracts module, which may be switched off.
        var accounts = services.GetService<IAccountDirectory>();
        var buildings = services.GetService<IBuildingDirectory>();
        if (accounts is null || buildings is null || await db.Meters.AnyAsync(cancellationToken))
            return;

        var today = await clock.TodayAsync(cancellationToken);
        var open = await accounts.ListOpenAsync(today, cancellationToken);
        var serial = 100_000;
        var meters = new List<Meter>();
        foreach (var account in open.Where(a => a.Utility != "heating"))
        {
            string[] registers = account.Utility switch
            {
                "electricity" when account.BuildingId % 3 == 1 => ["T1", "T2", "T3"],
                "electricity" when account.BuildingId % 2 == 1 => ["T1", "T2"],
                "electricity" => ["T1"],
                _ => ["total"],
            };
            var risers = account.Utility == "cold-water" && account.PremisesId % 4 == 0 ? 2 : 1;
            for (var riser = 0; riser < risers; riser++)
            {
                meters.Add(new Meter
                {
                    AccountId = account.Id,
                    Utility = account.Utility,
                    Serial = (serial++).ToString(CultureInfo.InvariantCulture),
                    Registers = registers,
                    DigitCapacity = account.Utility == "electricity" ? 6 : 5,
                    IsAutomated = account.Utility == "electricity" && account.PremisesId % 3 == 0,
                    InstalledOn = new DateOnly(2022, 3, 1),
                    VerifiedUntil = (serial % 17) switch
                    {
                        3 => today.AddDays(45),
                        5 => today.AddDays(-20),
                        _ => new DateOnly(2031, 6, 30),
                    },
                    RegisteredAt = clock.Now.ToUniversalTime(),
                });
            }
        }

        foreach (var building in (await buildings.ListAsync(cancellationToken)).Where(b => b.HasHeatMeter))
        {
            meters.Add(new Meter
            {
                BuildingId = building.Id,
                Utility = "heating",
                Serial = "ОДПУ-" + building.Id.ToString(CultureInfo.InvariantCulture),
                Registers = ["total"],
                DigitCapacity = 8,
                IsAutomated = true,
                InstalledOn = new DateOnly(2020, 9, 1),
                VerifiedUntil = new DateOnly(2029, 9, 1),
                RegisteredAt = clock.Now.ToUniversalTime(),
            });
        }

        db.Meters.AddRange(meters);
        await db.SaveChangesAsync(cancellationToken);

        var thisMonth = ReadingPeriods.MonthOf(today);
        var firstDaily = today.AddDays(-AutomatedDays);
        foreach (var meter in meters)
        {
            foreach (var register in meter.Registers)
            {
                var value = StartValue(meter, register);
                for (var month = HistoryMonths; month >= 1; month--)
                {
                    var period = thisMonth.AddMonths(-month);
                    var monthly = MonthlyUse(meter, register, period);
                    if (meter.IsAutomated && period.AddMonths(1) > firstDaily)
                    {
                        // Daily interval values (cumulative at 00:00) for the recent days.
                        for (var day = period; day < period.AddMonths(1); day = day.AddDays(1))
                        {
                            value += Math.Round(monthly / DateTime.DaysInMonth(day.Year, day.Month) * (0.8m + (0.4m * ((day.DayNumber * 7 + meter.Id) % 10) / 10m)), 3);
                            if (day < firstDaily)
                                continue;
                            var at = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
                            db.Readings.Add(Reading(meter, register, at, value, ReadingSources.Automation, ReadingPeriods.ForInterval(at)));
                        }

                        continue;
                    }

                    value += monthly;
                    var taken = period.AddDays(19);
                    var source = meter.IsAutomated ? ReadingSources.Automation : month % 4 == 2 ? ReadingSources.Inspector : ReadingSources.Consumer;
                    var takenAt = meter.IsAutomated ? period.AddMonths(1).ToDateTime(TimeOnly.MinValue) : taken.ToDateTime(ReadingPeriods.DateOnlyReadingTime);
                    db.Readings.Add(Reading(meter, register, takenAt, value, source, period));
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        // One implausible consumer reading waiting for a decision: ten times the usual use.
        if (meters.FirstOrDefault(m => m.AccountId is not null && !m.IsAutomated && m.Utility == "cold-water" && m.VerifiedUntil > today) is { } pending)
        {
            var last = await db.Readings.Where(r => r.MeterId == pending.Id).OrderByDescending(r => r.TakenAt).FirstAsync(cancellationToken);
            var reading = Reading(pending, "total", today.AddDays(-1).ToDateTime(ReadingPeriods.DateOnlyReadingTime), last.Value + 95m, ReadingSources.Consumer, thisMonth);
            reading.Status = ReadingStatuses.Pending;
            reading.ConfirmBy = today.AddDays(25);
            db.Readings.Add(reading);
            await db.SaveChangesAsync(cancellationToken);
            db.InspectionTasks.Add(new InspectionTask
            {
                MeterId = pending.Id, ReadingId = reading.Id, Reason = "Расход 95 м³ за месяц более чем в 3 раза выше обычного.",
                CreatedAt = clock.Now.ToUniversalTime(), DueOn = today.AddDays(25),
            });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private Reading Reading(Meter meter, string register, DateTime takenAt, decimal value, string source, DateOnly period) => new()
    {
        MeterId = meter.Id, Register = register, TakenAt = takenAt, Value = value, Source = source, Period = period,
        Status = ReadingStatuses.Confirmed, SubmittedAt = DateTime.SpecifyKind(takenAt, DateTimeKind.Utc).AddHours(3),
        SubmittedBy = source == ReadingSources.Inspector ? "inspector" : source == ReadingSources.Automation ? "demo-ami" : "consumer:demo",
    };

    private static decimal StartValue(Meter meter, string register) =>
        (meter.Id * 137 % 900) + register switch { "T2" => 400, "T3" => 250, _ => 1000 };

    /// <summary>Monthly use with a winter peak for electricity and heating.</summary>
    private static decimal MonthlyUse(Meter meter, string register, DateOnly period)
    {
        var winter = period.Month is 11 or 12 or 1 or 2 or 3;
        return meter.Utility switch
        {
            "electricity" => (register switch { "T2" => 62m, "T3" => 45m, _ => 148m }) * (winter ? 1.25m : 1m),
            "cold-water" => 6.2m,
            "hot-water" => 3.9m,
            _ => winter ? 310.5m : period.Month is 4 or 10 ? 120m : 0m,
        };
    }
}
