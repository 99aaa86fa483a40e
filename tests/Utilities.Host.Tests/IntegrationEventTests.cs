using System.Net;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// Integration events through the durable outbox: Billing stores a new tariff price and its
/// <c>billing.tariff-price-set</c> event in one transaction; the dispatcher delivers it to
/// Notifications, which posts one tariff-change notice however often the event arrives.
/// </summary>
public sealed class IntegrationEventTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private Task<long> NoticesAsync(string title) =>
        Db.ScalarAsync<long>("select count(*) from notifications.notices where kind = 'TariffChange' and title like @t", ("t", $"%{title}%"));

    [Fact]
    public async Task A_new_price_reaches_Notifications_once_and_a_redelivery_changes_nothing()
    {
        var tariff = await TariffPrices.ZonedElectricityTariffAsync(Db);
        var validFrom = TariffPrices.FirstOfNextMonth();
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("accountant", "accountant-demo");

        var response = await browser.HtmxPostAsync(TariffPrices.Page, TariffPrices.Post, TariffPrices.Fields(tariff, "T1", "7,15", validFrom));
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Цена сохранена", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", html, StringComparison.Ordinal); // the fragment, not the page

        // The version and its event were committed together.
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from billing.tariff_versions where tariff_id = @t and component = 'T1' and price = 7.15", ("t", tariff)));
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from billing.outbox where type = 'billing.tariff-price-set'"));

        var notices = await TariffPrices.EventuallyAsync(() => NoticesAsync("по зонам суток"), n => n > 0, Soon);
        Assert.Equal(1L, notices);
        var reason = await Db.ScalarAsync<string>("select reason from notifications.notices where kind = 'TariffChange'");
        Assert.Equal($"С {validFrom:dd.MM.yyyy} цена — 7,15 ₽ за кВт·ч (была 6,43 ₽).", reason);
        // Shown in every demo building: the supplier serves electricity in all three.
        Assert.Equal(3L, await Db.ScalarAsync<long>(
            "select count(*) from notifications.notice_buildings b join notifications.notices n on n.id = b.notice_id where n.kind = 'TariffChange'"));
        var dispatched = await TariffPrices.EventuallyAsync(
            () => Db.ScalarAsync<long>("select count(*) from billing.outbox where dispatched_at is not null"), n => n == 1, Soon);
        Assert.Equal(1L, dispatched);

        // At least once means possibly twice: deliver the same event again.
        await Db.ExecuteAsync("update billing.outbox set dispatched_at = null, next_attempt_at = now(); notify utilities_outbox, 'billing'");
        await TariffPrices.EventuallyAsync(
            () => Db.ScalarAsync<long>("select count(*) from billing.outbox where dispatched_at is not null and attempts = 2"), n => n == 1, Soon);
        Assert.Equal(1L, await NoticesAsync("по зонам суток"));
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from notifications.inbox where handler like '%Tariff%'"));

        // The accountant's retry (double click, lost answer) stores nothing new and publishes nothing.
        response = await browser.HtmxPostAsync(TariffPrices.Page, TariffPrices.Post, TariffPrices.Fields(tariff, "T1", "7.15", validFrom));
        Assert.Contains("Эта цена с этой даты уже установлена", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from billing.outbox"));
    }

    [Fact]
    public async Task Bad_prices_are_refused_with_a_message_and_nothing_is_written()
    {
        var tariff = await TariffPrices.ZonedElectricityTariffAsync(Db);
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("accountant", "accountant-demo");
        var versions = await Db.ScalarAsync<long>("select count(*) from billing.tariff_versions");
        var events = await Db.ScalarAsync<long>("select count(*) from billing.outbox");

        var lastMonth = TariffPrices.FirstOfNextMonth().AddMonths(-2).AddDays(14);
        var cases = new (Dictionary<string, string> Fields, string Message)[]
        {
            (TariffPrices.Fields(tariff, "T1", "-1", TariffPrices.FirstOfNextMonth()), "Цена должна быть больше нуля"),
            (TariffPrices.Fields(tariff, "T1", "шесть", TariffPrices.FirstOfNextMonth()), "Укажите тариф, цену"),
            (TariffPrices.Fields(tariff, "T1", "6,1234", lastMonth), "не может быть раньше"),
            (TariffPrices.Fields(tariff, "T9", "6,00", TariffPrices.FirstOfNextMonth()), "нет такой составляющей"),
            (TariffPrices.Fields(999_999, "T1", "6,00", TariffPrices.FirstOfNextMonth()), "Такого тарифа нет"),
            (TariffPrices.Fields(tariff, "T1", "9,99", new DateOnly(2026, 10, 1)), "уже действует другая цена (6,43 ₽)"),
            (TariffPrices.Fields(tariff, "T1", "9,99", new DateOnly(9999, 12, 1)), "не может начать действовать позже"),
        };
        foreach (var (fields, message) in cases)
        {
            var response = await browser.HtmxPostAsync(TariffPrices.Page, TariffPrices.Post, fields);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(message, await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }

        Assert.Equal(versions, await Db.ScalarAsync<long>("select count(*) from billing.tariff_versions"));
        Assert.Equal(events, await Db.ScalarAsync<long>("select count(*) from billing.outbox"));
    }

    [Fact]
    public async Task An_operator_cannot_set_prices()
    {
        var tariff = await TariffPrices.ZonedElectricityTariffAsync(Db);
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("operator", "operator-demo");

        var page = await browser.GetStringAsync(TariffPrices.Page, Cancel);
        Assert.DoesNotContain("handler=Price", page, StringComparison.Ordinal);
        var response = await browser.HtmxPostAsync(TariffPrices.Page, TariffPrices.Post, TariffPrices.Fields(tariff, "T2", "3,50", TariffPrices.FirstOfNextMonth()));

        // Refused: the staff cookie scheme answers "forbidden" with its access-denied page.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/office/denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(0L, await Db.ScalarAsync<long>("select count(*) from billing.tariff_versions where component = 'T2' and price = 3.50"));
    }
}
