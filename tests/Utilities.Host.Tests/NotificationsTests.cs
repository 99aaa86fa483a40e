using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Host.Platform.ApiClients;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Notifications;
using Utilities.Notifications.Notices;
using Utilities.Notifications.Preferences;
using Utilities.Platform.Api;

namespace Utilities.Host.Tests;

/// <summary>A host whose e-mail goes over real SMTP on loopback, with delivery lanes that look for work often.</summary>
public class NotificationsHostFixture : HostFixture
{
    public SmtpCapture Smtp { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => SettingsFor(Smtp);

    public static IReadOnlyDictionary<string, string?> SettingsFor(SmtpCapture smtp) => new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Notifications:Delivery:PollInterval"] = "00:00:00.500",
        ["Notifications:Delivery:Lease"] = "00:00:03",
        ["Notifications:Delivery:FirstBackoff"] = "00:00:01",
        ["Messaging:PollInterval"] = "00:00:00.500",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>What the notification tests share: buildings with consumers to tell, announcing, and waiting for deliveries.</summary>
internal static class NotificationSteps
{
    /// <summary>The <paramref name="index"/>-th building (by id) with at least one cold-water account holder who has an e-mail.</summary>
    public static async Task<(long BuildingId, string Address, int Recipients)> BuildingAsync(TestDatabase db, int index)
    {
        var id = await db.ScalarAsync<long>($"""
            select p.building_id from contracts.personal_accounts a
            join contracts.premises p on p.id = a.premises_id join contracts.contracts c on c.id = a.contract_id join contracts.consumers k on k.id = c.consumer_id
            where a.utility = 'cold-water' and a.opened_on <= current_date and (a.closed_on is null or a.closed_on >= current_date) and k.email is not null
            group by p.building_id order by p.building_id
            offset {index} % (select count(distinct p2.building_id) from contracts.premises p2 join contracts.personal_accounts a2 on a2.premises_id = p2.id
                              join contracts.contracts c2 on c2.id = a2.contract_id join contracts.consumers k2 on k2.id = c2.consumer_id
                              where a2.utility = 'cold-water' and k2.email is not null) limit 1
            """);
        var address = await db.ScalarAsync<string>("select address from contracts.buildings where id = @id", ("id", id));
        return (id, address!, await RecipientsAsync(db, id));
    }

    /// <summary>Consumers with an e-mail and an open cold-water account in the building.</summary>
    public static async Task<int> RecipientsAsync(TestDatabase db, long buildingId) => (int)await db.ScalarAsync<long>("""
        select count(distinct k.id) from contracts.personal_accounts a
        join contracts.premises p on p.id = a.premises_id join contracts.contracts c on c.id = a.contract_id join contracts.consumers k on k.id = c.consumer_id
        where a.utility = 'cold-water' and a.opened_on <= current_date and (a.closed_on is null or a.closed_on >= current_date) and k.email is not null and p.building_id = @b
        """, ("b", buildingId));

    public static NoticeInput Outage(long buildingId, DateTimeOffset? starts = null, DateTimeOffset? ends = null) => new(
        NoticeKind.Outage, "cold-water", "Аварийное отключение холодной воды", "Порыв на вводе в дом",
        starts ?? DateTimeOffset.UtcNow.AddMinutes(-10), ends ?? DateTimeOffset.UtcNow.AddHours(4), [buildingId], null);

    public static async Task<NoticeResult> AnnounceAsync(HostFactory factory, NoticeInput input)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NoticeCommands>().AnnounceAsync(input, "test", CancellationToken.None);
    }

    /// <summary>Waits until the revision's e-mail deliveries are all sent (and there are <paramref name="expected"/>).</summary>
    public static async Task WaitSentAsync(TestDatabase db, long noticeId, int revision, int expected, string channel = "email")
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var sent = await db.ScalarAsync<long>("""
                select count(*) from notifications.deliveries d join notifications.messages m on m.id = d.message_id
                where m.source = @s and d.channel = @c and d.state = 'sent'
                """, ("s", $"notice-{noticeId}-r{revision}"), ("c", channel));
            if (sent >= expected)
                return;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"{sent} of {expected} {channel} deliveries of notice {noticeId} r{revision} sent");
            await Task.Delay(200);
        }
    }
}

/// <summary>
/// Notices and their delivery (issue 9) against PostgreSQL with a real SMTP server on loopback:
/// every affected consumer is told once per revision with a stable Message-ID, an update is a new
/// message, preferences are respected, bad input is refused with its message and nothing written.
/// </summary>
public sealed class NotificationsTests(NotificationsHostFixture host) : IClassFixture<NotificationsHostFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    [Fact]
    public async Task An_announced_outage_reaches_every_affected_consumer_once_and_an_update_is_a_new_message()
    {
        var (building, _, recipients) = await NotificationSteps.BuildingAsync(Db, 0);
        Assert.True(recipients > 0);

        var result = await NotificationSteps.AnnounceAsync(host.Factory, NotificationSteps.Outage(building));
        Assert.Null(result.Problem);
        var id = result.NoticeId!.Value;
        await NotificationSteps.WaitSentAsync(Db, id, 1, recipients);

        var first = host.Smtp.Messages.Where(m => (m.MessageId ?? string.Empty).StartsWith($"notice-{id}-r1.", StringComparison.Ordinal)).ToList();
        Assert.Equal(recipients, first.Count);
        Assert.Equal(recipients, first.Select(m => m.MessageId).Distinct().Count());
        Assert.All(first, m => Assert.EndsWith(".email@utilities.local", m.MessageId ?? string.Empty, StringComparison.Ordinal));
        Assert.All(first, m => Assert.Contains("Порыв на вводе в дом", m.TextBody, StringComparison.Ordinal));

        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var update = await scope.ServiceProvider.GetRequiredService<NoticeCommands>().UpdateAsync(id,
                NotificationSteps.Outage(building, ends: DateTimeOffset.UtcNow.AddHours(8)) with { Reason = "Замена участка трубы, работы продлены" }, "test", Cancel);
            Assert.Equal(2, update.Revision);
        }

        await NotificationSteps.WaitSentAsync(Db, id, 2, recipients);
        var second = host.Smtp.Messages.Where(m => (m.MessageId ?? string.Empty).StartsWith($"notice-{id}-r2.", StringComparison.Ordinal)).ToList();
        Assert.Equal(recipients, second.Count);
        Assert.All(second, m => Assert.StartsWith("Изменение", m.Subject, StringComparison.Ordinal));
        Assert.Empty(second.Select(m => m.MessageId).Intersect(first.Select(m => m.MessageId)));
        Assert.Equal(2L, await Db.ScalarAsync<long>("select count(*) from notifications.notice_revisions where notice_id = @id", ("id", id)));
    }

    [Fact]
    public async Task Bad_notices_are_refused_with_a_clear_message_and_nothing_is_written()
    {
        var (building, _, _) = await NotificationSteps.BuildingAsync(Db, 1);
        var before = await Db.ScalarAsync<long>("select count(*) from notifications.notices");
        var now = DateTimeOffset.UtcNow;

        var endBeforeStart = await NotificationSteps.AnnounceAsync(host.Factory, NotificationSteps.Outage(building, now, now.AddHours(-1)));
        var noBuilding = await NotificationSteps.AnnounceAsync(host.Factory, NotificationSteps.Outage(building) with { BuildingIds = [] });
        var unknown = await NotificationSteps.AnnounceAsync(host.Factory, NotificationSteps.Outage(building) with { BuildingIds = [], Addresses = "ул. Несуществующая, 999" });

        Assert.Equal("Problem_EndBeforeStart", endBeforeStart.Problem);
        Assert.Equal("Problem_NoBuildings", noBuilding.Problem);
        Assert.Equal("Problem_UnknownAddress", unknown.Problem);
        Assert.Equal(before, await Db.ScalarAsync<long>("select count(*) from notifications.notices"));

        // The office form shows the message in Russian.
        var office = host.Factory.CreateBrowser();
        await office.SignInAsync("operator", "operator-demo");
        var response = await office.PostFormAsync("/office/notifications/new", "/office/notifications/new", new Dictionary<string, string>
        {
            ["Kind"] = "Outage", ["Utility"] = "cold-water", ["Title"] = "Отключение", ["Reason"] = "Ремонт",
            ["StartsAt"] = "2026-12-10T10:00", ["ExpectedEndAt"] = "2026-12-10T09:00", ["Addresses"] = "ул. Несуществующая",
        });
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Окончание должно быть позже начала.", html, StringComparison.Ordinal);
        Assert.Equal(before, await Db.ScalarAsync<long>("select count(*) from notifications.notices"));
    }

    [Fact]
    public async Task A_supplier_announces_through_the_api_with_a_notifications_write_key()
    {
        var (_, address, recipients) = await NotificationSteps.BuildingAsync(Db, 2);
        string key;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            key = (await scope.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync("vodokanal", ["notifications:write"], "test", Cancel)).Key;
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var body = new
        {
            kind = "PlannedWork", utility = "cold-water", title = "Плановые работы на водопроводе", reason = "Промывка сетей",
            startsAt = DateTimeOffset.UtcNow.AddHours(1), expectedEndAt = DateTimeOffset.UtcNow.AddHours(5), addresses = new[] { address },
        };

        var created = await client.PostAsJsonAsync("/api/notifications/notices", body, Cancel);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = await created.Content.ReadFromJsonAsync<Dictionary<string, long>>(Cancel);
        await NotificationSteps.WaitSentAsync(Db, answer!["noticeId"], 1, recipients);

        var bad = await client.PostAsJsonAsync("/api/notifications/notices", new { kind = "Outage", utility = "cold-water", title = "x", reason = "y", startsAt = DateTimeOffset.UtcNow, buildingIds = Array.Empty<long>() }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Problem_NoBuildings", await bad.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        var readOnly = host.Factory.CreateClient();
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            readOnly.DefaultRequestHeaders.Add("X-Api-Key", (await scope.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync("reader", ["notifications:read"], "test", Cancel)).Key);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.PostAsJsonAsync("/api/notifications/notices", body, Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_supplier_bound_key_announces_only_for_its_service_in_the_buildings_it_serves()
    {
        var (building, address, recipients) = await NotificationSteps.BuildingAsync(Db, 6);
        var water = await Db.ScalarAsync<long>($"""
            select a.supplier_id from contracts.personal_accounts a join contracts.premises p on p.id = a.premises_id
            where p.building_id = {building} and a.utility = 'cold-water' and a.closed_on is null order by a.id limit 1
            """);
        var other = await Db.ScalarAsync<long>($"""
            select o.id from contracts.organisations o where o.id <> {water}
            and not exists (select 1 from contracts.personal_accounts a where a.supplier_id = o.id and a.utility = 'cold-water') order by o.id limit 1
            """);
        async Task<HttpClient> ClientAsync(string name, ApiDataScope scope)
        {
            await using var services = host.Factory.Services.CreateAsyncScope();
            var key = (await services.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync(name, ["notifications:write"], scope, "test", Cancel)).Key;
            var client = host.Factory.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            return client;
        }

        var body = new
        {
            kind = "Outage", utility = "cold-water", title = "Авария на водопроводе", reason = "Порыв трубы",
            startsAt = DateTimeOffset.UtcNow.AddMinutes(-10), expectedEndAt = DateTimeOffset.UtcNow.AddHours(3), buildingIds = new[] { building },
        };
        var before = await Db.ScalarAsync<long>("select count(*) from notifications.notices");

        // Another supplier's key, and a key bound to electricity: refused, nothing written.
        var foreign = await (await ClientAsync("other supplier", new ApiDataScope(other, null))).PostAsJsonAsync("/api/notifications/notices", body, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Contains("Problem_ScopeBuildings", await foreign.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var electric = await (await ClientAsync("electricity only", new ApiDataScope(null, "electricity"))).PostAsJsonAsync("/api/notifications/notices", body, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, electric.StatusCode);
        Assert.Contains("Problem_ScopeUtility", await electric.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var noService = await (await ClientAsync("no service named", new ApiDataScope(water, null))).PostAsJsonAsync("/api/notifications/notices", new
        {
            kind = "Information", title = "Собрание", reason = "Общее собрание собственников", startsAt = DateTimeOffset.UtcNow.AddDays(1), buildingIds = new[] { building },
        }, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, noService.StatusCode);
        Assert.Equal(before, await Db.ScalarAsync<long>("select count(*) from notifications.notices"));

        // The building's own cold-water supplier may; another supplier cannot touch its notice (404), the owner can.
        var owner = await ClientAsync("vodokanal bound", new ApiDataScope(water, "cold-water"));
        var created = await owner.PostAsJsonAsync("/api/notifications/notices", body, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<Dictionary<string, long>>(Cancel))!["noticeId"];
        await NotificationSteps.WaitSentAsync(Db, id, 1, recipients);
        var stranger = await (await ClientAsync("other supplier 2", new ApiDataScope(other, null))).PostAsJsonAsync($"/api/notifications/notices/{id}/resolution", new { endedAt = DateTimeOffset.UtcNow }, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(0, await Db.ScalarAsync<long>($"select count(*) from notifications.notices where id = {id} and ended_at is not null"));
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/notifications/notices/{id}/resolution", new { endedAt = DateTimeOffset.UtcNow }, Cancel)).StatusCode);
        Assert.Equal(1, await Db.ScalarAsync<long>($"select count(*) from notifications.notices where id = {id} and ended_at is not null"));
        _ = address;
    }

    [Fact]
    public async Task Preferences_are_respected_per_topic_and_channel()
    {
        var (building, _, recipients) = await NotificationSteps.BuildingAsync(Db, 3);
        var consumers = (await Db.ColumnAsync($"""
            select distinct k.id::text from contracts.personal_accounts a
            join contracts.premises p on p.id = a.premises_id join contracts.contracts c on c.id = a.contract_id join contracts.consumers k on k.id = c.consumer_id
            where a.utility = 'cold-water' and k.email is not null and p.building_id = {building} order by 1
            """)).Select(long.Parse).ToList();
        var quiet = consumers[0];
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            // Outages by SMS only (if the consumer has a phone), in English; nothing by e-mail.
            await scope.ServiceProvider.GetRequiredService<ConsumerPreferences>().SaveAsync(quiet, new HashSet<(string, string)> { ("outage", "sms") }, "en", Cancel);
        }

        try
        {
            await AnnounceWithOneQuietAsync(building, recipients, quiet);
        }
        finally
        {
            // Other tests of the class count every consumer of a building: back to the defaults.
            await Db.ExecuteAsync($"delete from notifications.preferences where consumer_id = {quiet}; delete from notifications.consumer_languages where consumer_id = {quiet}");
        }
    }

    private async Task AnnounceWithOneQuietAsync(long building, int recipients, long quiet)
    {
        var result = await NotificationSteps.AnnounceAsync(host.Factory, NotificationSteps.Outage(building));
        var id = result.NoticeId!.Value;
        await NotificationSteps.WaitSentAsync(Db, id, 1, recipients - 1);

        Assert.Equal(0L, await Db.ScalarAsync<long>("""
            select count(*) from notifications.deliveries d join notifications.messages m on m.id = d.message_id
            where m.notice_id = @n and d.consumer_id = @c and d.channel = 'email'
            """, ("n", id), ("c", quiet)));
        Assert.DoesNotContain(host.Smtp.Messages, m => m.MessageId == $"notice-{id}-r1.{quiet}.email@utilities.local");
        Assert.Equal(recipients - 1, host.Smtp.Messages.Count(m => (m.MessageId ?? string.Empty).StartsWith($"notice-{id}-r1.", StringComparison.Ordinal)));
        var phone = await Db.ScalarAsync<string>("select phone from contracts.consumers where id = @c", ("c", quiet));
        if (phone is not null)
        {
            await NotificationSteps.WaitSentAsync(Db, id, 1, 1, "sms");
            var sms = await Db.ScalarAsync<string>("select body from notifications.sent_messages where channel = 'sms' and recipient = @p order by id desc limit 1", ("p", phone));
            Assert.StartsWith("outage", sms, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_public_page_lists_current_outages_by_address_without_sign_in()
    {
        var (building, address, _) = await NotificationSteps.BuildingAsync(Db, 4);
        await NotificationSteps.AnnounceAsync(host.Factory, NotificationSteps.Outage(building) with { Title = "Отключение для публичной страницы" });
        var anonymous = host.Factory.CreateClient();

        var response = await anonymous.GetAsync("/outages?address=" + Uri.EscapeDataString(address), Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Отключение для публичной страницы", html, StringComparison.Ordinal);
        var elsewhere = await anonymous.GetStringAsync("/outages?address=" + Uri.EscapeDataString("ул. Несуществующая"), Cancel);
        Assert.DoesNotContain("Отключение для публичной страницы", elsewhere, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_debt_warning_reaches_the_holder_once_however_often_the_event_is_delivered()
    {
        var row = (await Db.ColumnAsync("""
            select a.id || '|' || a.number || '|' || a.premises_id || '|' || k.email from contracts.personal_accounts a
            join contracts.contracts c on c.id = a.contract_id join contracts.consumers k on k.id = c.consumer_id
            where k.email is not null order by a.id desc limit 1
            """)).Single().Split('|');
        var (accountId, number, premisesId, email) = (long.Parse(row[0]), row[1], long.Parse(row[2]), row[3]);
        var message = new Utilities.Platform.Messaging.IntegrationEvent<Utilities.Billing.Events.DebtWarningsIssued>(Guid.NewGuid(), DateTimeOffset.UtcNow,
            new(1, new DateOnly(2026, 11, 1), [new(accountId, premisesId, "restriction", 5000m, 12345.67m, new DateOnly(2026, 12, 22))]));

        for (var i = 0; i < 2; i++)
        {
            await using var scope = host.Factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Utilities.Platform.Messaging.IIntegrationEventHandler<Utilities.Billing.Events.DebtWarningsIssued>>().HandleAsync(message, Cancel);
        }

        var mail = await host.Smtp.WaitForAsync(email, m => m.Subject?.Contains(number, StringComparison.Ordinal) == true && (m.TextBody ?? string.Empty).Contains("345,67", StringComparison.Ordinal));
        Assert.Contains("22.12.2026", mail.TextBody ?? string.Empty, StringComparison.Ordinal);
        Assert.StartsWith($"debt-{message.Id:N}-{accountId}-restriction.", mail.MessageId ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(1L, await Db.ScalarAsync<long>("""
            select count(*) from notifications.deliveries d join notifications.messages m on m.id = d.message_id where m.source like @s and d.channel = 'email'
            """, ("s", $"debt-{message.Id:N}-%")));
    }

    [Fact]
    public async Task The_reading_reminder_goes_out_once_a_month_inside_the_window()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).DateTime);
        if (today.Day > 28)
            Assert.Skip("the reminder day setting goes up to 28");
        await Db.ExecuteAsync($"""
            insert into platform.setting_values (key, valid_from, value, changed_by, changed_at)
            values ('Notifications.ReadingReminderDay', date '2000-01-01', '{today.Day}', 'test', now())
            """);
        await Task.Delay(TimeSpan.FromSeconds(11), Cancel); // settings are read through a 10-second snapshot
        var reminders = host.Factory.Services.GetRequiredService<Utilities.Notifications.Informing.ReadingReminders>();

        Assert.True(await reminders.RunOnceAsync(Cancel));
        Assert.False(await reminders.RunOnceAsync(Cancel));

        var source = $"reading-window-{today:yyyy-MM}";
        var expected = await Db.ScalarAsync<long>("""
            select count(distinct k.id) from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            join contracts.consumers k on k.id = c.consumer_id where a.closed_on is null and k.email is not null
            """);
        Assert.Equal(expected, await Db.ScalarAsync<long>("""
            select count(*) from notifications.deliveries d join notifications.messages m on m.id = d.message_id where m.source = @s and d.channel = 'email'
            """, ("s", source)));
        Assert.Equal(0L, await Db.ScalarAsync<long>("""
            select count(*) from notifications.deliveries d join notifications.messages m on m.id = d.message_id where m.source = @s and d.channel = 'sms'
            """, ("s", source)));
    }
}
