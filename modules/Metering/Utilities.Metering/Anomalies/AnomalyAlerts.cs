using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Utilities.Contracts;
using Utilities.Metering.Data;
using Utilities.Metering.Resources;
using Utilities.Platform.Auditing;
using Utilities.Platform.Identity;
using Utilities.Platform.Time;

namespace Utilities.Metering.Anomalies;

/// <summary>One alert as the screens show it.</summary>
internal sealed class AlertRow
{
    public long Id { get; init; }

    public long MeterId { get; init; }

    public string Serial { get; init; } = string.Empty;

    public long? AccountId { get; init; }

    public string Utility { get; init; } = string.Empty;

    public string Kind { get; init; } = string.Empty;

    public DateOnly FirstDay { get; init; }

    public DateOnly LastDay { get; init; }

    public decimal? Actual { get; init; }

    public decimal? Expected { get; init; }

    public decimal? LowerBound { get; init; }

    public decimal? UpperBound { get; init; }

    public DateTimeOffset DetectedAt { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? AcknowledgedBy { get; init; }
}

/// <param name="Account">The account with its address (null when Contracts is off or the meter is a building's).</param>
internal sealed record AlertView(AlertRow Alert, AccountSummary? Account);

internal sealed record AlertPage(IReadOnlyList<AlertView> Items, int Total, int Page, int PageSize);

/// <summary>Open anomaly alerts for the operator's list and the consumer's cabinet; acknowledging and closing them.</summary>
internal sealed class AnomalyAlerts(MeteringDbContext db, IServiceProvider services, ICurrentUser user, IAuditLog audit, IClock clock, IStringLocalizer<MeteringText> text)
{
    public const int PageSize = 50;

    private const string Select = """
        select a.id, a.meter_id, m.serial, a.account_id, a.utility, a.kind,
               a.first_day, a.last_day, a.actual, a.expected,
               a.lower_bound, a.upper_bound, a.detected_at,
               a.acknowledged_at, a.acknowledged_by
        from metering.consumption_alerts a join metering.meters m on m.id = a.meter_id
        """;

    public async Task<AlertPage> OpenAsync(int page, CancellationToken cancellationToken)
    {
        var total = await db.Database.SqlQuery<int>($"select count(*)::int as \"Value\" from metering.consumption_alerts where closed_at is null").SingleAsync(cancellationToken);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var offset = (page - 1) * PageSize;
        var rows = await db.Database.SqlQueryRaw<AlertRow>(
                Select + " where a.closed_at is null order by a.acknowledged_at nulls first, a.detected_at desc, a.id desc limit {0} offset {1}", PageSize, offset)
            .ToListAsync(cancellationToken);
        var accounts = services.GetService<IAccountDirectory>() is { } directory && rows.Any(r => r.AccountId is not null)
            ? await directory.FindAsync(rows.Where(r => r.AccountId is not null).Select(r => r.AccountId!.Value).Distinct().ToList(), cancellationToken)
            : new Dictionary<long, AccountSummary>();
        return new AlertPage(rows.Select(r => new AlertView(r, r.AccountId is { } id ? accounts.GetValueOrDefault(id) : null)).ToList(), total, page, PageSize);
    }

    /// <summary>The open alerts of one account's meters (the caller has checked the account is the consumer's).</summary>
    public Task<List<AlertRow>> ForAccountAsync(long accountId, CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<AlertRow>(Select + " where a.closed_at is null and a.account_id = {0} order by a.detected_at desc, a.id desc", accountId)
            .ToListAsync(cancellationToken);

    /// <summary>The alert is seen and being dealt with (it stays open, so the check does not raise it again). Null, or why not.</summary>
    public Task<string?> AcknowledgeAsync(long alertId, CancellationToken cancellationToken) =>
        ChangeAsync(alertId, (now, who) => db.Database.ExecuteSqlAsync(
            $"update metering.consumption_alerts set acknowledged_at = {now}, acknowledged_by = {who} where id = {alertId} and closed_at is null and acknowledged_at is null",
            cancellationToken), "metering.alert-acknowledged", cancellationToken);

    /// <summary>The cause is dealt with: the alert closes, and a later check may open a new one if the anomaly goes on.</summary>
    public Task<string?> CloseAsync(long alertId, CancellationToken cancellationToken) =>
        ChangeAsync(alertId, (now, who) => db.Database.ExecuteSqlAsync(
            $"update metering.consumption_alerts set closed_at = {now}, closed_by = {who} where id = {alertId} and closed_at is null",
            cancellationToken), "metering.alert-closed", cancellationToken);

    private async Task<string?> ChangeAsync(long alertId, Func<DateTimeOffset, string, Task<int>> update, string action, CancellationToken cancellationToken)
    {
        if (alertId <= 0)
            return text["Alerts_Unknown"];
        var changed = await update(clock.Now, user.Id ?? "unknown");
        if (changed == 0)
        {
            var state = await db.Database.SqlQuery<string>(
                    $"select case when closed_at is not null then 'closed' else 'acknowledged' end as \"Value\" from metering.consumption_alerts where id = {alertId}")
                .ToListAsync(cancellationToken);
            return state.Count == 0 ? text["Alerts_Unknown"] : state[0] == "closed" ? text["Alerts_AlreadyClosed"] : text["Alerts_AlreadyAcknowledged"];
        }

        await audit.WriteAsync(action, $"alert {alertId}", null, cancellationToken);
        return null;
    }
}
