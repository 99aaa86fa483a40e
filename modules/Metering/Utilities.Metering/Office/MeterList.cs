using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts;
using Utilities.Metering.Data;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Metering.Office;

/// <summary>What the registry is asked for: text (serial, account number, address) and filters.</summary>
internal sealed record MeterFilter(string? Text, string? Utility, long? BuildingId, bool? Automated, string? State, bool WithRemoved, int Page);

internal static class MeterStates
{
    public const string Faulty = "faulty";
    public const string Expiring = "expiring";
}

/// <summary>One row of the registry: the meter, where it is, and each register's last counted reading.</summary>
internal sealed record MeterListRow(Meter Meter, string? AccountNumber, string? Address, IReadOnlyList<LastReading> Last);

internal sealed record LastReading(string Register, decimal Value, DateTime TakenAt, string Source, string Status);

internal sealed record MeterListPage(IReadOnlyList<MeterListRow> Rows, int Total, int Page, int Pages, DateOnly Today, DateOnly WarnBefore);

/// <summary>
/// The registry of premises and building meters: the search text is matched against serials here
/// and against account numbers and addresses in Contracts (one call, capped), the page of meters is
/// read in one query and its addresses and last readings in one call each (no query per row).
/// </summary>
internal sealed class MeterList(MeteringDbContext db, IClock clock, ISettings settings, IServiceProvider services)
{
    public const int PageSize = 50;

    /// <summary>Accounts a search text may expand to; a broader text should be narrowed.</summary>
    public const int MaxAccountsPerSearch = 2000;

    public async Task<MeterListPage> ListAsync(MeterFilter filter, CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(cancellationToken);
        var warnBefore = today.AddDays(await settings.GetCurrentAsync(MeteringSettings.VerificationWarningDays, cancellationToken));
        var accounts = services.GetService<IAccountDirectory>();

        var meters = db.Meters.AsNoTracking();
        if (!filter.WithRemoved)
            meters = meters.Where(m => m.RemovedOn == null);
        if (!string.IsNullOrWhiteSpace(filter.Utility))
            meters = meters.Where(m => m.Utility == filter.Utility);
        if (filter.Automated is { } automated)
            meters = meters.Where(m => m.IsAutomated == automated);
        if (filter.State == MeterStates.Faulty)
            meters = meters.Where(m => m.VerifiedUntil < today);
        else if (filter.State == MeterStates.Expiring)
            meters = meters.Where(m => m.VerifiedUntil >= today && m.VerifiedUntil <= warnBefore);
        if (filter.BuildingId is { } buildingId)
        {
            var inBuilding = accounts is null ? [] : (await accounts.SearchAsync(null, buildingId, MaxAccountsPerSearch, cancellationToken)).Select(a => (long?)a.Id).ToList();
            meters = meters.Where(m => m.BuildingId == buildingId || inBuilding.Contains(m.AccountId));
        }

        if (filter.Text?.Trim() is { Length: > 0 } text)
        {
            var matched = accounts is null ? [] : (await accounts.SearchAsync(text, null, MaxAccountsPerSearch, cancellationToken)).Select(a => (long?)a.Id).ToList();
            var buildings = services.GetService<IBuildingDirectory>() is { } directory
                ? (await directory.ListAsync(cancellationToken)).Where(b => Words(text).All(w => Fold(b.Address).Contains(w, StringComparison.Ordinal))).Select(b => (long?)b.Id).ToList()
                : [];
            var serial = "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            meters = meters.Where(m => EF.Functions.ILike(m.Serial, serial) || matched.Contains(m.AccountId) || buildings.Contains(m.BuildingId));
        }

        var total = await meters.CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page, 1, pages);
        var list = await meters.OrderBy(m => m.Serial).ThenBy(m => m.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .ToListAsync(cancellationToken);

        var places = await PlacesAsync(list, cancellationToken);
        var last = await LastReadingsAsync(list.Select(m => m.Id).ToList(), cancellationToken);
        var rows = list.Select(m =>
        {
            places.TryGetValue(m.Id, out var place);
            return new MeterListRow(m, place.Number, place.Address, last.Where(r => r.MeterId == m.Id).Select(r => r.Reading).ToList());
        }).ToList();
        return new MeterListPage(rows, total, page, pages, today, warnBefore);
    }

    /// <summary>Account number and address of each meter: one call to each directory for the whole page.</summary>
    public async Task<Dictionary<long, (string? Number, string? Address)>> PlacesAsync(IReadOnlyCollection<Meter> meters, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, (string?, string?)>();
        var accountIds = meters.Where(m => m.AccountId is not null).Select(m => m.AccountId!.Value).Distinct().ToList();
        var accounts = accountIds.Count > 0 && services.GetService<IAccountDirectory>() is { } directory
            ? await directory.FindAsync(accountIds, cancellationToken)
            : new Dictionary<long, AccountSummary>();
        var buildings = meters.Any(m => m.BuildingId is not null) && services.GetService<IBuildingDirectory>() is { } buildingDirectory
            ? (await buildingDirectory.ListAsync(cancellationToken)).ToDictionary(b => b.Id)
            : new Dictionary<long, BuildingSummary>();
        foreach (var meter in meters)
        {
            if (meter.AccountId is { } accountId && accounts.TryGetValue(accountId, out var account))
                result[meter.Id] = (account.Number, account.BuildingAddress + ", " + account.PremisesNumber);
            else if (meter.BuildingId is { } buildingId && buildings.TryGetValue(buildingId, out var building))
                result[meter.Id] = (null, building.Address);
        }

        return result;
    }

    /// <summary>Each register's latest reading that is not rejected, for a set of meters, in one query.</summary>
    public async Task<List<(long MeterId, LastReading Reading)>> LastReadingsAsync(IReadOnlyCollection<long> meterIds, CancellationToken cancellationToken)
    {
        var rows = await db.Readings.AsNoTracking()
            .Where(r => meterIds.Contains(r.MeterId) && r.Status != ReadingStatuses.Rejected)
            .GroupBy(r => new { r.MeterId, r.Register })
            .Select(g => g.OrderByDescending(r => r.TakenAt).Select(r => new { r.MeterId, r.Register, r.Value, r.TakenAt, r.Source, r.Status }).First())
            .ToListAsync(cancellationToken);
        return rows.Select(r => (r.MeterId, new LastReading(r.Register, r.Value, r.TakenAt, r.Source, r.Status))).ToList();
    }

    internal static string Fold(string text) => text.ToLowerInvariant().Replace('ё', 'е');

    private static string[] Words(string text) => Fold(text).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
}
