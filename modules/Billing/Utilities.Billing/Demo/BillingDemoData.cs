using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing.Data;
using Utilities.Contracts;
using Utilities.Platform.Modules;

namespace Utilities.Billing.Demo;

/// <summary>
/// Tariffs of the demo suppliers with the two 2026 changes (1 January and 1 October, domain.md).
/// Prices are illustrative, of the right order for a Russian region.
/// </summary>
internal sealed class BillingDemoData(BillingDbContext db, IServiceProvider services, TimeProvider time) : IDemoData
{
    private static readonly DateOnly January = new(2026, 1, 1);
    private static readonly DateOnly October = new(2026, 10, 1);

    public int Order => 30;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var accounts = services.GetService<IAccountDirectory>();
        if (accounts is null || await db.Tariffs.AnyAsync(cancellationToken))
            return;

        var today = DateOnly.FromDateTime(time.GetLocalNow().Date);
        var suppliers = (await accounts.ListOpenAsync(today, cancellationToken))
            .GroupBy(a => a.Utility)
            .ToDictionary(g => g.Key, g => g.First().SupplierId);

        void Add(string utility, string name, params (string Component, string Unit, decimal January, decimal October)[] prices)
        {
            if (!suppliers.TryGetValue(utility, out var supplier))
                return;
            var tariff = new Tariff { Utility = utility, SupplierId = supplier, Name = name };
            foreach (var (component, unit, jan, oct) in prices)
            {
                tariff.Versions.Add(new TariffVersion { ValidFrom = January, Component = component, Unit = unit, Price = jan });
                tariff.Versions.Add(new TariffVersion { ValidFrom = October, Component = component, Unit = unit, Price = oct });
            }

            db.Tariffs.Add(tariff);
        }

        Add("electricity", "Население, одноставочный", ("T", "кВт·ч", 5.92m, 6.12m));
        Add("electricity", "Население, по зонам суток (день 07–23, ночь 23–07)", ("T1", "кВт·ч", 6.21m, 6.43m), ("T2", "кВт·ч", 3.02m, 3.18m));
        Add("cold-water", "Холодная вода", ("T", "м³", 48.73m, 52.10m));
        Add("hot-water", "Горячая вода, двухкомпонентный", ("cold", "м³", 48.73m, 52.10m), ("heat", "Гкал", 2875.40m, 3011.25m));
        Add("heating", "Тепловая энергия", ("heat", "Гкал", 2875.40m, 3011.25m));
        await db.SaveChangesAsync(cancellationToken);
    }
}
