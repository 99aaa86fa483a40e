using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts;
using Utilities.Metering.Data;
using Utilities.Platform.Modules;

namespace Utilities.Metering.Demo;

/// <summary>
/// A meter for every metered account of the demo (heating is metered per building), three months
/// of readings before today, one meter whose verification runs out soon and one already expired.
/// </summary>
internal sealed class MeteringDemoData(MeteringDbContext db, IServiceProvider services, TimeProvider time) : IDemoData
{
    public int Order => 20;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        // Accounts come from the Contracts module, which may be switched off.
        var accounts = services.GetService<IAccountDirectory>();
        var buildings = services.GetService<IBuildingDirectory>();
        if (accounts is null || buildings is null || await db.Meters.AnyAsync(cancellationToken))
            return;

        var today = DateOnly.FromDateTime(time.GetLocalNow().Date);
        var open = await accounts.ListOpenAsync(today, cancellationToken);
        var serial = 100_000;
        var meters = new List<Meter>();
        foreach (var account in open.Where(a => a.Utility != "heating"))
        {
            var zones = account.Utility == "electricity" && account.BuildingId % 2 == 1;
            meters.Add(new Meter
            {
                AccountId = account.Id,
                Utility = account.Utility,
                Serial = (serial++).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Registers = zones ? ["T1", "T2"] : ["T"],
                DigitCapacity = account.Utility == "electricity" ? 6 : 5,
                IsAutomated = account.Utility == "electricity" && account.PremisesId % 3 == 0,
                InstalledOn = account.OpenedOn,
                VerifiedUntil = (serial % 17) switch
                {
                    3 => today.AddDays(45),
                    5 => today.AddDays(-20),
                    _ => new DateOnly(2031, 6, 30),
                },
            });
        }

        foreach (var building in (await buildings.ListAsync(cancellationToken)).Where(b => b.HasHeatMeter))
        {
            meters.Add(new Meter
            {
                BuildingId = building.Id,
                Utility = "heating",
                Serial = "ОДПУ-" + building.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Registers = ["T"],
                DigitCapacity = 8,
                IsAutomated = true,
                InstalledOn = new DateOnly(2020, 9, 1),
                VerifiedUntil = new DateOnly(2029, 9, 1),
            });
        }

        db.Meters.AddRange(meters);
        await db.SaveChangesAsync(cancellationToken);

        var submitted = time.GetUtcNow();
        foreach (var meter in meters)
        {
            for (var month = 3; month >= 1; month--)
            {
                var taken = new DateOnly(today.Year, today.Month, 1).AddMonths(-month).AddDays(19);
                foreach (var register in meter.Registers)
                {
                    db.Readings.Add(new Reading
                    {
                        MeterId = meter.Id,
                        Register = register,
                        Value = StartValue(meter, register) + (MonthlyUse(meter, register) * (4 - month)),
                        TakenOn = taken,
                        SubmittedAt = submitted.AddDays(-30 * month),
                        Source = meter.IsAutomated ? "automation" : month == 2 ? "inspector" : "consumer",
                        Status = "accepted",
                    });
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static decimal StartValue(Meter meter, string register) =>
        (meter.Id * 137 % 900) + (register == "T2" ? 400 : 1000);

    private static decimal MonthlyUse(Meter meter, string register) => meter.Utility switch
    {
        "electricity" => register == "T2" ? 62 : 148,
        "cold-water" => 6.2m,
        "hot-water" => 3.9m,
        _ => 310.5m,
    };
}
