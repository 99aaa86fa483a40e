using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts;
using Utilities.Metering.Data;
using Utilities.Metering.Readings;

namespace Utilities.Metering.Office;

/// <summary>One meter on the sheet: premises (or the building itself) and each register's last reading.</summary>
internal sealed record RoundRow(Meter Meter, string? Premises, string? AccountNumber, IReadOnlyList<LastReading> Last);

internal sealed record RoundSheet(BuildingSummary Building, IReadOnlyList<RoundRow> Rows);

/// <summary>The result of one row of a submitted sheet.</summary>
internal sealed record RoundRowResult(long MeterId, IntakeResult Result);

/// <summary>
/// The inspector's round sheet (обходной лист) of a building: all its meters in service (premises
/// meters of its accounts and its building meters) in premises order. A submitted sheet stores each
/// filled row through <see cref="ReadingIntake"/> as the inspector's reading, row by row: a bad row
/// does not stop the others, and the same sheet sent again is a no-op by the readings' identity.
/// </summary>
internal sealed class RoundSheets(MeteringDbContext db, MeterList list, ReadingIntake intake, IServiceProvider services)
{
    /// <summary>More premises than any building of the centre has; a sheet is one building.</summary>
    public const int MaxAccounts = 5000;

    public async Task<IReadOnlyList<BuildingSummary>> BuildingsAsync(CancellationToken cancellationToken) =>
        services.GetService<IBuildingDirectory>() is { } directory
            ? (await directory.ListAsync(cancellationToken)).OrderBy(b => b.Address, StringComparer.CurrentCulture).ToList()
            : [];

    public async Task<RoundSheet?> LoadAsync(long buildingId, CancellationToken cancellationToken)
    {
        var building = (await BuildingsAsync(cancellationToken)).FirstOrDefault(b => b.Id == buildingId);
        if (building is null)
            return null;
        var accounts = services.GetService<IAccountDirectory>() is { } directory
            ? (await directory.SearchAsync(null, buildingId, MaxAccounts, cancellationToken)).ToDictionary(a => a.Id)
            : [];
        var accountIds = accounts.Keys.Select(id => (long?)id).ToList();
        var meters = await db.Meters.AsNoTracking()
            .Where(m => m.RemovedOn == null && (m.BuildingId == buildingId || accountIds.Contains(m.AccountId)))
            .ToListAsync(cancellationToken);
        var last = await list.LastReadingsAsync(meters.Select(m => m.Id).ToList(), cancellationToken);
        var rows = meters
            .Select(m =>
            {
                var account = m.AccountId is { } id ? accounts.GetValueOrDefault(id) : null;
                return new RoundRow(m, account?.PremisesNumber, account?.Number, last.Where(r => r.MeterId == m.Id).Select(r => r.Reading).ToList());
            })
            .OrderBy(r => r.Premises is null ? 0 : 1) // the building's own meters first, then flats in order
            .ThenBy(r => PremisesOrder(r.Premises))
            .ThenBy(r => r.Premises, StringComparer.Ordinal)
            .ThenBy(r => r.Meter.Utility, StringComparer.Ordinal)
            .ThenBy(r => r.Meter.Serial, StringComparer.Ordinal)
            .ToList();
        return new RoundSheet(building, rows);
    }

    /// <summary>Stores every row that has a value typed; rows not on the sheet are ignored.</summary>
    public async Task<IReadOnlyList<RoundRowResult>> SubmitAsync(
        RoundSheet sheet, string inspector, DateOnly takenOn, IReadOnlyDictionary<long, Dictionary<string, string?>> typed, CancellationToken cancellationToken)
    {
        var submitter = ReadingSubmitter.Inspector(inspector);
        var results = new List<RoundRowResult>();
        foreach (var row in sheet.Rows)
        {
            if (!typed.TryGetValue(row.Meter.Id, out var values) || values.Values.All(string.IsNullOrWhiteSpace))
                continue;
            var result = await intake.SubmitAsync(submitter, new ReadingForm(row.Meter.Id, takenOn, values), cancellationToken);
            results.Add(new RoundRowResult(row.Meter.Id, result));
        }

        return results;
    }

    /// <summary>Flat "12", "12а", "3" in house order: by the leading number.</summary>
    private static int PremisesOrder(string? premises)
    {
        var digits = new string((premises ?? string.Empty).TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
    }
}
