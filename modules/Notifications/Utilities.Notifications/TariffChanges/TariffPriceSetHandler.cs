using System.Globalization;
using Microsoft.Extensions.Localization;
using Utilities.Billing.Events;
using Utilities.Contracts;
using Utilities.Notifications.Data;
using Utilities.Notifications.Resources;
using Utilities.Platform.Messaging;
using Utilities.Platform.Settings;

namespace Utilities.Notifications.TariffChanges;

/// <summary>
/// Tells consumers about a new tariff price: a tariff-change notice for the buildings where the
/// tariff's supplier serves an open account of that utility, shown from now until a month after
/// the price takes effect, and its revision published so every affected account is told (topic
/// <c>tariff</c>). Once per event, whatever the number of deliveries.
/// </summary>
internal sealed class TariffPriceSetHandler(
    NotificationsDbContext db,
    IAccountDirectory accounts,
    ISettings settings,
    TimeProvider time,
    IStringLocalizer<NotificationsText> text)
    : IdempotentEventHandler<TariffPriceSet, NotificationsDbContext>(db)
{
    public static readonly TimeSpan ShownAfterChange = TimeSpan.FromDays(31);

    protected override async Task ApplyAsync(TariffPriceSet @event, IntegrationEvent<TariffPriceSet> message, CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await settings.GetCurrentAsync(PlatformSettings.TimeZone, cancellationToken));
        var midnight = @event.ValidFrom.ToDateTime(TimeOnly.MinValue);
        var takesEffect = new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
        var now = time.GetUtcNow();

        var buildings = await accounts.BuildingsServedAsync(@event.Utility, @event.SupplierId, @event.ValidFrom, cancellationToken);

        var ru = CultureInfo.CurrentCulture;
        var price = @event.Price.ToString("N2", ru);
        var date = @event.ValidFrom.ToString("dd.MM.yyyy", ru);
        var notice = new Notice
        {
            Kind = NoticeKind.TariffChange,
            Utility = @event.Utility,
            Title = text["TariffNotice_Title", @event.TariffName],
            Reason = @event.PreviousPrice is { } previous
                ? text["TariffNotice_Changed", date, price, @event.Unit, previous.ToString("N2", ru)]
                : text["TariffNotice_New", date, price, @event.Unit],
            StartsAt = now < takesEffect ? now : takesEffect,
            ExpectedEndAt = null,
            EndedAt = takesEffect + ShownAfterChange,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = "billing",
        };
        notice.Buildings.AddRange(buildings.Select(b => new NoticeBuilding { BuildingId = b }));
        Db.Notices.Add(notice);
        if (buildings.Count == 0)
            return;

        // Every affected account is told ahead of the date: the notice's first revision fans out like an outage's.
        await Db.SaveChangesAsync(cancellationToken);
        Db.Revisions.Add(new NoticeRevision
        {
            NoticeId = notice.Id, Revision = 1, Change = NoticeChanges.Announced, Title = notice.Title, Reason = notice.Reason,
            StartsAt = notice.StartsAt, EndedAt = notice.EndedAt, CreatedAt = now, CreatedBy = notice.CreatedBy,
        });
        Db.Publish(new Events.NoticePublished(notice.Id, 1, notice.Kind.ToString(), notice.Utility, NoticeChanges.Announced), now);
    }
}
