using Microsoft.EntityFrameworkCore;
using Utilities.Contracts;
using Utilities.Notifications.Data;
using Utilities.Notifications.Events;
using Utilities.Platform.Api;
using Utilities.Platform.Messaging;

namespace Utilities.Notifications.Notices;

/// <summary>
/// Announces, updates and resolves notices. Each change is a new revision, written with its
/// <see cref="NoticePublished"/> event in one transaction (the fan-out to consumers follows from
/// the outbox). Bad input (no building, an end before the start) is refused and nothing is written.
/// An API client bound to a supplier or a service (ADR 23) announces only for its service and the
/// buildings where its supplier serves an account of it, and sees no other notice to update or resolve.
/// </summary>
internal sealed class NoticeCommands(NotificationsDbContext db, IBuildingDirectory buildings, IAccountDirectory accounts, TimeProvider time, NotificationSignals signals)
{
    public const int MaxTitle = 300;
    public const int MaxReason = 2000;

    public async Task<NoticeResult> AnnounceAsync(NoticeInput input, string by, CancellationToken cancellationToken, ApiDataScope? scope = null)
    {
        if (Check(input, requireStart: true) is { } problem)
            return problem;
        var (ids, missing) = await ResolveBuildingsAsync(input, cancellationToken);
        if (missing is not null)
            return NoticeResult.Refused("Problem_UnknownAddress", missing);
        if (ids.Count == 0)
            return NoticeResult.Refused("Problem_NoBuildings");
        var utility = string.IsNullOrWhiteSpace(input.Utility) ? null : input.Utility.Trim();
        if (scope is { IsAll: false } && await OutsideAsync(scope, utility, ids, input.StartsAt!.Value, cancellationToken) is { } outside)
            return outside;

        var now = time.GetUtcNow();
        var notice = new Notice
        {
            Kind = input.Kind,
            Utility = utility,
            Title = input.Title!.Trim(),
            Reason = input.Reason!.Trim(),
            StartsAt = input.StartsAt!.Value.ToUniversalTime(),
            ExpectedEndAt = input.ExpectedEndAt?.ToUniversalTime(),
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = by,
            Buildings = ids.Select(b => new NoticeBuilding { BuildingId = b }).ToList(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Notices.Add(notice);
        await db.SaveChangesAsync(cancellationToken);
        AddRevision(notice, NoticeChanges.Announced, by, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signals.NoticesChanged();
        return new NoticeResult(notice.Id, notice.Revision, null, []);
    }

    /// <summary>A new expected end, reason or title (the buildings stay): consumers are told again, with a new message id.</summary>
    public async Task<NoticeResult> UpdateAsync(long id, NoticeInput input, string by, CancellationToken cancellationToken, ApiDataScope? scope = null)
    {
        var notice = await FindAsync(id, scope, cancellationToken);
        if (notice is null)
            return NoticeResult.Refused("Problem_NoNotice");
        if (notice.EndedAt is not null)
            return NoticeResult.Refused("Problem_Resolved");
        if (Check(input with { StartsAt = input.StartsAt ?? notice.StartsAt }, requireStart: false) is { } problem)
            return problem;
        notice.Title = input.Title!.Trim();
        notice.Reason = input.Reason!.Trim();
        notice.StartsAt = (input.StartsAt ?? notice.StartsAt).ToUniversalTime();
        notice.ExpectedEndAt = input.ExpectedEndAt?.ToUniversalTime();
        return await SaveRevisionAsync(notice, NoticeChanges.Updated, by, cancellationToken);
    }

    /// <summary>The service is back: the real end is recorded (an outage's duration counts per premises), consumers are told.</summary>
    public async Task<NoticeResult> ResolveAsync(long id, DateTimeOffset? endedAt, string by, CancellationToken cancellationToken, ApiDataScope? scope = null)
    {
        var notice = await FindAsync(id, scope, cancellationToken);
        if (notice is null)
            return NoticeResult.Refused("Problem_NoNotice");
        if (notice.EndedAt is not null)
            return NoticeResult.Refused("Problem_Resolved");
        var end = (endedAt ?? time.GetUtcNow()).ToUniversalTime();
        if (end < notice.StartsAt)
            return NoticeResult.Refused("Problem_EndBeforeStart");
        notice.EndedAt = end;
        return await SaveRevisionAsync(notice, NoticeChanges.Resolved, by, cancellationToken);
    }

    /// <summary>The notice, or null when there is none or it lies outside the client's scope (the same 404).</summary>
    private async Task<Notice?> FindAsync(long id, ApiDataScope? scope, CancellationToken cancellationToken)
    {
        var notice = await db.Notices.FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (notice is null || scope is null or { IsAll: true })
            return notice;
        var ids = await db.Set<NoticeBuilding>().Where(b => b.NoticeId == id).Select(b => b.BuildingId).ToListAsync(cancellationToken);
        return await OutsideAsync(scope, notice.Utility, ids, notice.StartsAt, cancellationToken) is null ? notice : null;
    }

    /// <summary>
    /// Why a scoped client may not announce this (null: it may): a service other than its own, no
    /// service named by a supplier's key, or buildings where its supplier serves no open account of
    /// the service on the day the notice starts.
    /// </summary>
    private async Task<NoticeResult?> OutsideAsync(ApiDataScope scope, string? utility, IReadOnlyCollection<long> buildingIds, DateTimeOffset startsAt, CancellationToken cancellationToken)
    {
        if (scope.Utility is { } own && !string.Equals(own, utility, StringComparison.Ordinal))
            return NoticeResult.Refused("Problem_ScopeUtility", own);
        if (scope.SupplierId is not { } supplier)
            return null;
        if (utility is null)
            return NoticeResult.Refused("Problem_ScopeNeedsUtility");
        var served = (await accounts.BuildingsServedAsync(utility, supplier, DateOnly.FromDateTime(startsAt.UtcDateTime), cancellationToken)).ToHashSet();
        var foreign = buildingIds.Where(b => !served.Contains(b)).Order().ToList();
        return foreign.Count == 0
            ? null
            : NoticeResult.Refused("Problem_ScopeBuildings", string.Join(", ", foreign.Take(20).Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    private async Task<NoticeResult> SaveRevisionAsync(Notice notice, string change, string by, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        notice.Revision++;
        notice.UpdatedAt = now;
        AddRevision(notice, change, by, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signals.NoticesChanged();
        return new NoticeResult(notice.Id, notice.Revision, null, []);
    }

    private void AddRevision(Notice notice, string change, string by, DateTimeOffset now)
    {
        db.Revisions.Add(new NoticeRevision
        {
            NoticeId = notice.Id,
            Revision = notice.Revision,
            Change = change,
            Title = notice.Title,
            Reason = notice.Reason,
            StartsAt = notice.StartsAt,
            ExpectedEndAt = notice.ExpectedEndAt,
            EndedAt = notice.EndedAt,
            CreatedAt = now,
            CreatedBy = by,
        });
        db.Publish(new NoticePublished(notice.Id, notice.Revision, notice.Kind.ToString(), notice.Utility, change), now);
    }

    private static NoticeResult? Check(NoticeInput input, bool requireStart)
    {
        if (string.IsNullOrWhiteSpace(input.Title))
            return NoticeResult.Refused("Problem_NoTitle");
        if (input.Title.Trim().Length > MaxTitle)
            return NoticeResult.Refused("Problem_TitleTooLong", MaxTitle);
        if (string.IsNullOrWhiteSpace(input.Reason))
            return NoticeResult.Refused("Problem_NoReason");
        if (input.Reason.Trim().Length > MaxReason)
            return NoticeResult.Refused("Problem_ReasonTooLong", MaxReason);
        if (requireStart && input.StartsAt is null)
            return NoticeResult.Refused("Problem_NoStart");
        if (input.ExpectedEndAt is { } end && input.StartsAt is { } start && end <= start)
            return NoticeResult.Refused("Problem_EndBeforeStart");
        if (input.Kind is NoticeKind.Outage or NoticeKind.PlannedWork && string.IsNullOrWhiteSpace(input.Utility))
            return NoticeResult.Refused("Problem_NoUtility");
        return null;
    }

    /// <summary>The buildings named by id, or by lines each naming an address or a street (every word must match).</summary>
    private async Task<(List<long> Ids, string? Missing)> ResolveBuildingsAsync(NoticeInput input, CancellationToken cancellationToken)
    {
        var known = await buildings.ListAsync(cancellationToken);
        var ids = new HashSet<long>();
        foreach (var id in input.BuildingIds ?? [])
        {
            if (!known.Any(b => b.Id == id))
                return ([], id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            ids.Add(id);
        }

        foreach (var line in (input.Addresses ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var found = AddressMatch.Filter(known, line).ToList();
            if (found.Count == 0)
                return ([], line);
            ids.UnionWith(found.Select(b => b.Id));
        }

        return (ids.Order().ToList(), null);
    }
}

/// <summary>Buildings whose address holds every word typed (case-insensitive, ё as е): an address, a street, a town.</summary>
internal static class AddressMatch
{
    public static IEnumerable<BuildingSummary> Filter(IEnumerable<BuildingSummary> buildings, string text)
    {
        var words = Fold(text).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? [] : buildings.Where(b => words.All(Fold(b.Address).Contains));
    }

    private static string Fold(string s) => s.ToLowerInvariant().Replace('ё', 'е').Replace(".", " ", StringComparison.Ordinal);
}
