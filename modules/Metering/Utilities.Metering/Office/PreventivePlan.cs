using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts;
using Utilities.Metering.Data;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Metering.Office;

internal enum PlanItemKind
{
    Expired,
    Expiring,
    Task,
}

internal sealed record PlanItem(PlanItemKind Kind, Meter Meter, string? Premises, InspectionTask? Task);

internal sealed record PlanBuilding(long? Id, string Address, IReadOnlyList<PlanItem> Items)
{
    public int Expired => Items.Count(i => i.Kind == PlanItemKind.Expired);

    public int Expiring => Items.Count(i => i.Kind == PlanItemKind.Expiring);

    public int Tasks => Items.Count(i => i.Kind == PlanItemKind.Task);
}

internal sealed record PlanStreet(string Street, IReadOnlyList<PlanBuilding> Buildings)
{
    public int Expired => Buildings.Sum(b => b.Expired);

    public int Expiring => Buildings.Sum(b => b.Expiring);

    public int Tasks => Buildings.Sum(b => b.Tasks);
}

internal sealed record Plan(DateOnly Today, DateOnly Horizon, int? Months, IReadOnlyList<PlanStreet> Streets);

/// <summary>
/// Preventive work (issue 5): meters whose verification ends by the horizon (the warning setting, or
/// the months chosen) or has ended, and open inspection tasks, grouped by street and building so a
/// round can be planned; each count is per group.
/// </summary>
internal sealed partial class PreventivePlan(MeteringDbContext db, IClock clock, ISettings settings, IServiceProvider services)
{
    public const int MaxMonths = 24;

    public async Task<Plan> LoadAsync(int? months, CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(cancellationToken);
        if (months is not null)
            months = Math.Clamp(months.Value, 1, MaxMonths);
        var horizon = months is { } m
            ? today.AddMonths(m)
            : today.AddDays(await settings.GetCurrentAsync(MeteringSettings.VerificationWarningDays, cancellationToken));

        var due = await db.Meters.AsNoTracking()
            .Where(x => x.RemovedOn == null && x.VerifiedUntil <= horizon)
            .ToListAsync(cancellationToken);
        var tasks = await (from t in db.InspectionTasks.AsNoTracking()
                           join x in db.Meters.AsNoTracking() on t.MeterId equals x.Id
                           where t.ClosedAt == null
                           select new { Task = t, Meter = x })
            .ToListAsync(cancellationToken);

        var items = due.Select(x => (Kind: x.VerifiedUntil < today ? PlanItemKind.Expired : PlanItemKind.Expiring, Meter: x, Task: (InspectionTask?)null))
            .Concat(tasks.Select(t => (Kind: PlanItemKind.Task, t.Meter, Task: (InspectionTask?)t.Task)))
            .ToList();

        var meters = items.Select(i => i.Meter).DistinctBy(x => x.Id).ToList();
        var accountIds = meters.Where(x => x.AccountId is not null).Select(x => x.AccountId!.Value).Distinct().ToList();
        var accounts = accountIds.Count > 0 && services.GetService<IAccountDirectory>() is { } directory
            ? await directory.FindAsync(accountIds, cancellationToken)
            : new Dictionary<long, AccountSummary>();
        var buildings = services.GetService<IBuildingDirectory>() is { } buildingDirectory
            ? (await buildingDirectory.ListAsync(cancellationToken)).ToDictionary(b => b.Id)
            : [];

        var placed = items.Select(i =>
        {
            var account = i.Meter.AccountId is { } a ? accounts.GetValueOrDefault(a) : null;
            var buildingId = account?.BuildingId ?? i.Meter.BuildingId;
            var address = account?.BuildingAddress ?? (buildingId is { } b && buildings.TryGetValue(b, out var building) ? building.Address : null) ?? "—";
            return (BuildingId: buildingId, Address: address, Item: new PlanItem(i.Kind, i.Meter, account?.PremisesNumber, i.Task));
        });

        var streets = placed
            .GroupBy(p => (p.BuildingId, p.Address))
            .Select(g => new PlanBuilding(g.Key.BuildingId, g.Key.Address,
                g.Select(p => p.Item).OrderBy(i => i.Kind).ThenBy(i => i.Meter.VerifiedUntil).ThenBy(i => i.Meter.Serial, StringComparer.Ordinal).ToList()))
            .GroupBy(b => StreetOf(b.Address))
            .Select(g => new PlanStreet(g.Key, g.OrderBy(b => b.Address, StringComparer.CurrentCulture).ToList()))
            .OrderBy(s => s.Street, StringComparer.CurrentCulture)
            .ToList();
        return new Plan(today, horizon, months, streets);
    }

    /// <summary>
    /// The street of an address: everything before the house number. Addresses are written
    /// "city, street, д. N[, корп. K]": the parts before the first part that names the house
    /// ("д.", "дом", "house", or starts with a digit); without such a part, the text before the
    /// last number.
    /// </summary>
    public static string StreetOf(string address)
    {
        var parts = address.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var house = Array.FindIndex(parts, p => HousePart().IsMatch(p));
        if (house > 0)
            return string.Join(", ", parts[..house]);
        var trailing = TrailingNumber().Match(address);
        return trailing.Success && trailing.Index > 0 ? address[..trailing.Index].TrimEnd(' ', ',') : address;
    }

    [GeneratedRegex(@"^(д\.|д\s|дом\b|house\b|bld\b|\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HousePart();

    [GeneratedRegex(@"\s*\d+\S*\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingNumber();
}
