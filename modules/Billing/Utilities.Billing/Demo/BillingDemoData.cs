using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing.Data;
using Utilities.Billing.Tariffs;
using Utilities.Contracts;
using Utilities.Platform.Modules;

namespace Utilities.Billing.Demo;

/// <summary>The demo suppliers' tariffs (with the 2026 changes on 1 January and 1 October) and the region's norms.</summary>
internal sealed class BillingDemoData(BillingDbContext db, IServiceProvider services, TimeProvider time) : IDemoData
{
    public int Order => 30;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var accounts = services.GetService<IAccountDirectory>();
        if (accounts is null || await db.Tariffs.AnyAsync(cancellationToken))
            return;

        var today = DateOnly.FromDateTime(time.GetLocalNow().Date);
        var suppliers = (await accounts.ListOpenAsync(today, cancellationToken))
            .GroupBy(a => a.Utility)
            .ToDictionary(g => g.Key, g => (IReadOnlyCollection<long>)[g.First().SupplierId]);
        db.Tariffs.AddRange(StandardTariffs.For(suppliers));
        if (!await db.Norms.AnyAsync(cancellationToken))
            db.Norms.AddRange(StandardTariffs.Norms());
        await db.SaveChangesAsync(cancellationToken);
    }
}
