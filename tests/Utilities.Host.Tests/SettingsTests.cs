using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Metering;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Host.Tests;

/// <summary>Effective-dated organisation settings and the administrator's page that edits them.</summary>
public sealed class SettingsTests(HostFixture host) : IClassFixture<HostFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ISettings Settings => host.Factory.Services.GetRequiredService<ISettings>();

    private async Task<HttpClient> AdministratorAsync()
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("admin", "admin-demo");
        return browser;
    }

    private async Task<long> StoredValuesAsync(string key) =>
        await host.Database.ScalarAsync<long>("select count(*) from platform.setting_values where key = @k", ("k", key));

    [Fact]
    public async Task Domain_defaults_hold_until_an_administrator_changes_them()
    {
        // domain.md: readings by the 25th count for the month; consumers submit within 10 days;
        // penalty rate capped at 9.5 %; hot water heat norm 0.05156 Gcal/m³.
        var today = await host.Factory.Services.GetRequiredService<IClock>().TodayAsync(Cancel);
        Assert.Equal(25, await Settings.GetAsync(MeteringSettings.ReadingDeadlineDay, today, Cancel));
        Assert.Equal(10, await Settings.GetAsync(MeteringSettings.ConsumerReadingMaxAgeDays, today, Cancel));
        Assert.Equal(9.5m, await Settings.GetAsync(BillingSettings.PenaltyRateCapPercent, today, Cancel));
        Assert.Equal(0.05156m, await Settings.GetAsync(BillingSettings.HotWaterHeatNorm, today, Cancel));
        Assert.Equal("Europe/Moscow", await Settings.GetCurrentAsync(PlatformSettings.TimeZone, Cancel));
    }

    [Fact]
    public async Task A_value_set_from_a_future_date_applies_from_that_date_only_and_is_audited()
    {
        var browser = await AdministratorAsync();
        var today = await host.Factory.Services.GetRequiredService<IClock>().TodayAsync(Cancel);
        var from = today.AddDays(40);

        var response = await browser.PostFormAsync("/office/settings", "/office/settings", new Dictionary<string, string>
        {
            ["Key"] = BillingSettings.PaymentDueDay.Name,
            ["Value"] = "20",
            ["ValidFrom"] = from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(15, await Settings.GetAsync(BillingSettings.PaymentDueDay, from.AddDays(-1), Cancel));
        Assert.Equal(20, await Settings.GetAsync(BillingSettings.PaymentDueDay, from, Cancel));
        var page = await browser.GetStringAsync("/office/settings", Cancel);
        Assert.Contains($"20 — с {from:dd.MM.yyyy}", page, StringComparison.Ordinal);
        Assert.Equal(1L, await host.Database.ScalarAsync<long>(
            "select count(*) from platform.audit_log where action = 'setting.changed' and subject = @k and actor = 'staff:admin'",
            ("k", BillingSettings.PaymentDueDay.Name)));
    }

    [Theory]
    [InlineData("Metering.ReadingDeadlineDay", "двадцать", "", "Введите целое число.")]
    [InlineData("Metering.ReadingDeadlineDay", "31", "", "Значение должно быть от 1 до 28.")]
    [InlineData("Organisation.TimeZone", "Mars/Olympus", "", "Неизвестный часовой пояс")]
    [InlineData("Billing.PenaltyRateCapPercent", "9,5", "32.13.2026", "Укажите дату начала действия")]
    [InlineData("Billing.PenaltyRateCapPercent", "9,5", "2020-01-01", "не может быть раньше начала текущего расчётного периода")]
    [InlineData("No.Such.Setting", "1", "", "Такого параметра нет.")]
    public async Task Bad_input_gets_a_clear_russian_message_and_stores_nothing(string key, string value, string validFrom, string message)
    {
        var browser = await AdministratorAsync();
        var today = await host.Factory.Services.GetRequiredService<IClock>().TodayAsync(Cancel);
        var before = await StoredValuesAsync(key);

        var response = await browser.PostFormAsync("/office/settings", "/office/settings", new Dictionary<string, string>
        {
            ["Key"] = key,
            ["Value"] = value,
            ["ValidFrom"] = validFrom.Length > 0 ? validFrom : today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(before, await StoredValuesAsync(key));
    }

    [Fact]
    public async Task Only_administrators_reach_the_settings()
    {
        var browser = host.Factory.CreateBrowser();
        await browser.SignInAsync("operator", "operator-demo");

        var page = await browser.GetAsync("/office/settings", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/office/denied", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var office = await browser.GetStringAsync("/office", Cancel);
        Assert.DoesNotContain("href=\"/office/settings\"", office, StringComparison.Ordinal);
    }
}
