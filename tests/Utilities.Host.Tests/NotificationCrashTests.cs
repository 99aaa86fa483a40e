using Microsoft.Extensions.DependencyInjection;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Notifications.Delivery;

namespace Utilities.Host.Tests;

/// <summary>
/// A host dies at a named point of delivery and another one starts on the same database (issue 9):
/// no message is lost, and no recipient ever gets two messages of one notice revision and
/// channel with different Message-IDs (a message accepted but not yet marked is sent again, with
/// its id). Each test has its own database, SMTP server and hosts.
/// </summary>
public sealed class NotificationCrashTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private SmtpCapture smtp = null!;

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        db = await TestDatabase.CreateAsync();
        smtp = new SmtpCapture();
    }

    public async ValueTask DisposeAsync()
    {
        await smtp.DisposeAsync();
        await db.DisposeAsync();
    }

    private HostFactory Start()
    {
        var factory = new HostFactory(db.ConnectionString, NotificationsHostFixture.SettingsFor(smtp));
        _ = factory.Server;
        return factory;
    }

    /// <summary>Hooks the point: the <paramref name="nth"/> pass (and every later one) never returns, as in a process that died there.</summary>
    private static void DieAt(HostFactory factory, string point, int nth)
    {
        var passes = 0;
        factory.Services.GetRequiredService<CrashPoints>().Hook = async (name, cancellationToken) =>
        {
            if (name == point && Interlocked.Increment(ref passes) >= nth)
                await Task.Delay(Timeout.Infinite, cancellationToken);
        };
    }

    private async Task WaitForAsync(string point, HostFactory factory, Func<Task<bool>> reached)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!await reached())
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"the host never reached {point}");
            await Task.Delay(100, Cancel);
        }

        _ = factory;
    }

    private void AssertEveryoneOnceById(long noticeId, int recipients)
    {
        var mails = smtp.Messages.Where(m => (m.MessageId ?? string.Empty).StartsWith($"notice-{noticeId}-r1.", StringComparison.Ordinal)).ToList();
        // One id per consumer (the id names the consumer): as many ids as recipients, each always to the same address.
        var byId = mails.GroupBy(m => m.MessageId).ToList();
        Assert.Equal(recipients, byId.Count);
        Assert.All(byId, g => Assert.Single(g.Select(m => m.To.Mailboxes.Single().Address).Distinct()));
    }

    [Fact]
    public async Task A_host_dying_after_the_server_accepted_a_message_loses_none_and_resends_it_with_the_same_id()
    {
        var first = Start();
        var (building, _, recipients) = await NotificationSteps.BuildingAsync(db, 0);
        // Several recipients, so the crash falls between accepted messages of one batch.
        for (var i = 1; recipients < 3; i++)
            (building, _, recipients) = await NotificationSteps.BuildingAsync(db, i);
        DieAt(first, CrashPoints.SmtpAccepted, 2);
        var id = (await NotificationSteps.AnnounceAsync(first, NotificationSteps.Outage(building))).NoticeId!.Value;
        await WaitForAsync(CrashPoints.SmtpAccepted, first, async () => smtp.Messages.Count(m => (m.MessageId ?? string.Empty).StartsWith($"notice-{id}-r1.", StringComparison.Ordinal)) >= 2);
        await first.DisposeAsync();
        // No e-mail was marked sent (the crash came between the server's acceptance and the mark); the SMS lane
        // runs on its own and may have sent one before the host died.
        Assert.Equal([], await db.ColumnAsync("select channel || ' ' || consumer_id || ' ' || attempts from notifications.deliveries where state = 'sent' and channel = 'email'"));

        await using var second = Start();
        await NotificationSteps.WaitSentAsync(db, id, 1, recipients);

        AssertEveryoneOnceById(id, recipients);
        Assert.True(smtp.Messages.Count(m => (m.MessageId ?? string.Empty).StartsWith($"notice-{id}-r1.", StringComparison.Ordinal)) > recipients, "the accepted but unmarked messages were sent again");
    }

    [Fact]
    public async Task A_host_dying_in_the_fan_out_leaves_the_event_in_the_outbox_and_the_next_host_tells_everyone()
    {
        var first = Start();
        var (building, _, recipients) = await NotificationSteps.BuildingAsync(db, 1);
        var reached = 0;
        first.Services.GetRequiredService<CrashPoints>().Hook = async (name, cancellationToken) =>
        {
            if (name == CrashPoints.FanOutStaged)
            {
                Interlocked.Exchange(ref reached, 1);
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        };
        var id = (await NotificationSteps.AnnounceAsync(first, NotificationSteps.Outage(building))).NoticeId!.Value;
        await WaitForAsync(CrashPoints.FanOutStaged, first, () => Task.FromResult(Volatile.Read(ref reached) == 1));
        await first.DisposeAsync();
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from notifications.deliveries"));

        await using var second = Start();
        await NotificationSteps.WaitSentAsync(db, id, 1, recipients);

        AssertEveryoneOnceById(id, recipients);
        Assert.Equal(recipients, smtp.Messages.Count(m => (m.MessageId ?? string.Empty).StartsWith($"notice-{id}-r1.", StringComparison.Ordinal)));
    }
}
