using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>An event that cannot be handled is kept and retried with its error recorded; it blocks nothing behind it.</summary>
public sealed class OutboxFailureTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task An_unreadable_event_is_kept_with_its_error_and_the_next_event_is_still_delivered()
    {
        var db = host.Database;
        await db.ExecuteAsync("""
            insert into billing.outbox (id, type, payload, occurred_at, next_attempt_at)
            values ('00000000-0000-7000-8000-000000000001', 'billing.tariff-price-set', '{"tariffId": "not a number"}', now(), now());
            notify utilities_outbox, 'billing';
            """);

        var error = await TariffPrices.EventuallyAsync(
            () => db.ScalarAsync<string>("select last_error from billing.outbox where id = '00000000-0000-7000-8000-000000000001'"),
            e => e is not null, TimeSpan.FromSeconds(15));
        Assert.StartsWith("unreadable payload", error, StringComparison.Ordinal);
        Assert.True(await db.ScalarAsync<int>("select attempts from billing.outbox where id = '00000000-0000-7000-8000-000000000001'") >= 1);
        Assert.True(await db.ScalarAsync<bool>("select dispatched_at is null from billing.outbox where id = '00000000-0000-7000-8000-000000000001'"));

        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("accountant", "accountant-demo");
        var tariff = await TariffPrices.ZonedElectricityTariffAsync(db);
        await browser.HtmxPostAsync(TariffPrices.Page, TariffPrices.Post, TariffPrices.Fields(tariff, "T1", "7,01", TariffPrices.FirstOfNextMonth()));

        var notices = await TariffPrices.EventuallyAsync(
            () => db.ScalarAsync<long>("select count(*) from notifications.notices where kind = 'TariffChange'"), n => n > 0, TimeSpan.FromSeconds(15));
        Assert.Equal(1L, notices);
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from notifications.inbox where event_id = '00000000-0000-7000-8000-000000000001'"));
    }
}
