using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Utilities.Contracts;
using Utilities.Notifications.Data;
using Utilities.Notifications.Delivery;
using Utilities.Notifications.Events;
using Utilities.Platform.Messaging;
using Utilities.Platform.Settings;

namespace Utilities.Notifications.Notices;

/// <summary>
/// Tells every consumer of the affected buildings (with an open account of the service) about a
/// notice revision: one message per revision, one delivery per consumer and channel, set-based
/// (COPY of the recipients, one INSERT … SELECT). A resolved outage also records its real
/// duration for every affected account (the interruptions Billing reduces charges for).
/// All in the handler's transaction with its inbox receipt: a crash anywhere repeats it whole.
/// </summary>
internal sealed class NoticeFanOutHandler(
    NotificationsDbContext db,
    IAffectedAccounts affected,
    IBuildingDirectory buildings,
    ISettings settings,
    Texts texts,
    CrashPoints crash,
    TimeProvider time)
    : IdempotentEventHandler<NoticePublished, NotificationsDbContext>(db)
{
    public const int AddressesListed = 20;

    protected override async Task ApplyAsync(NoticePublished @event, IntegrationEvent<NoticePublished> message, CancellationToken cancellationToken)
    {
        var notice = await Db.Notices.AsNoTracking().Include(n => n.Buildings).FirstOrDefaultAsync(n => n.Id == @event.NoticeId, cancellationToken);
        var revision = await Db.Revisions.AsNoTracking().FirstOrDefaultAsync(r => r.NoticeId == @event.NoticeId && r.Revision == @event.Revision, cancellationToken);
        if (notice is null || revision is null)
            return;
        var now = time.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await settings.GetCurrentAsync(PlatformSettings.TimeZone, cancellationToken));
        var ids = notice.Buildings.Select(b => b.BuildingId).ToList();
        var addresses = (await buildings.ListAsync(cancellationToken)).Where(b => ids.Contains(b.Id)).Select(b => b.Address).Order().ToList();
        var content = Render(notice, revision, addresses, zone);
        var topic = Topics.Of(notice.Kind);
        var messageId = await DeliveryQueue.MessageAsync(Db, texts.Message($"notice-{notice.Id}-r{revision.Revision}", topic, content, now, notice.Id), cancellationToken);

        var onDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var staged = await DeliveryQueue.StageAsync(Db, affected.StreamAsync(ids, notice.Utility, onDate, cancellationToken), cancellationToken);
        await crash.PassAsync(CrashPoints.FanOutStaged, cancellationToken);
        await DeliveryQueue.QueueStagedAsync(Db, messageId, topic, now, cancellationToken);
        if (revision.Change == NoticeChanges.Resolved && notice.Kind == NoticeKind.Outage && notice.Utility is not null && notice.EndedAt is { } ended)
        {
            await Db.Database.ExecuteSqlAsync($"""
                insert into notifications.interruptions (notice_id, account_id, premises_id, utility, started_at, ended_at)
                select {notice.Id}, account_id, premises_id, utility, {notice.StartsAt}, {ended} from fanout
                on conflict do nothing
                """, cancellationToken);
        }

        await Db.Notices.Where(n => n.Id == notice.Id).ExecuteUpdateAsync(u => u.SetProperty(n => n.PremisesCount, (int)staged), cancellationToken);
    }

    private Bilingual Render(Notice notice, NoticeRevision revision, IReadOnlyList<string> addresses, TimeZoneInfo zone)
    {
        string Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);
        var listed = string.Join("\n", addresses.Take(AddressesListed).Select(a => "— " + a));
        string Subject(CultureInfo c) => texts.Get(c, "Mail_Subject_" + revision.Change, texts.Get(c, "Kind_" + notice.Kind), revision.Title);
        string Body(CultureInfo c)
        {
            var more = addresses.Count > AddressesListed ? "\n" + texts.Get(c, "Mail_MoreAddresses", addresses.Count - AddressesListed) : string.Empty;
            var until = revision.EndedAt is { } e ? texts.Get(c, "Mail_Ended", Local(e))
                : revision.ExpectedEndAt is { } x ? texts.Get(c, "Mail_ExpectedEnd", Local(x)) : texts.Get(c, "Mail_NoEnd");
            var service = notice.Utility is null ? string.Empty : texts.Get(c, "Utility_" + notice.Utility);
            return texts.Get(c, "Mail_Body", revision.Title, service, Local(revision.StartsAt), until, revision.Reason, listed + more, revision.Revision);
        }

        return new Bilingual(Subject(Texts.Russian), Body(Texts.Russian), Subject(Texts.English), Body(Texts.English));
    }
}
