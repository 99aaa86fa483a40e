using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Metering.Data;
using Utilities.Metering.Resources;
using Utilities.Platform.History;

namespace Utilities.Metering.History;

/// <summary>The extract's meters and every reading of them, oldest first, whatever the consumers' history window (issue 11).</summary>
internal sealed class MeteringAccountHistory(MeteringDbContext db, IStringLocalizer<MeteringText> t) : IAccountHistorySource
{
    public int Order => 10;

    public async Task<IReadOnlyList<AccountHistorySection>> ReadAsync(long accountId, CancellationToken cancellationToken)
    {
        var meters = await db.Meters.AsNoTracking().Where(m => m.AccountId == accountId).OrderBy(m => m.InstalledOn).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        if (meters.Count == 0)
            return [];
        var ids = meters.Select(m => m.Id).ToArray();
        var readings = await db.Readings.AsNoTracking().Where(r => ids.Contains(r.MeterId)).OrderBy(r => r.TakenAt).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var serial = meters.ToDictionary(m => m.Id, m => m.Serial);
        var culture = CultureInfo.CurrentCulture;
        string Date(DateOnly? d) => d?.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) ?? "—";
        return
        [
            new AccountHistorySection(t["Extract_Meters"], [t["Extract_Serial"], t["Extract_Installed"], t["Extract_VerifiedUntil"], t["Extract_Removed"]],
                meters.Select(m => (IReadOnlyList<string>)[m.Serial, Date(m.InstalledOn), Date(m.VerifiedUntil), Date(m.RemovedOn)]).ToList()),
            new AccountHistorySection(t["Extract_Readings"], [t["Extract_Serial"], t["Extract_Register"], t["Extract_TakenAt"], t["Extract_ReadingValue"], t["Extract_Source"], t["Extract_Status"], t["Extract_Period"]],
                readings.Select(r => (IReadOnlyList<string>)[serial[r.MeterId], r.Register, r.TakenAt.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture),
                    r.Value.ToString("0.###", culture), r.Source, r.Status, r.Period.ToString("MM.yyyy", CultureInfo.InvariantCulture)]).ToList()),
        ];
    }
}
