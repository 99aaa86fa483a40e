using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Host.Platform.Settings;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Platform.Settings;

namespace Utilities.Host.Tests;

/// <summary>
/// The history window (issue 11; domain.md, "What consumers see, and for how long"): the cabinet shows
/// bills only within Cabinet.HistoryMonths; an older bill is neither listed nor opened (404), while it
/// stays in the database and in the back office.
/// </summary>
public sealed class HistoryWindowTests(BilledHostFixture host) : IClassFixture<BilledHostFixture>
{
    private const string Ivanov = "ivanov.sp@example.ru";

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task SetMonthsAsync(int months)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SettingsStore>()
            .SetAsync(PlatformSettings.ConsumerHistoryMonths.Name, new DateOnly(2020, 1, 1), months.ToString(System.Globalization.CultureInfo.InvariantCulture), "test", Cancel);
    }

    [Fact]
    public async Task A_bill_older_than_the_window_is_not_shown_in_the_cabinet_but_kept()
    {
        const string PremisesOf = """
            select a.premises_id from contracts.personal_accounts a join contracts.contracts c on c.id = a.contract_id
            join contracts.consumers p on p.id = c.consumer_id where p.email = 'ivanov.sp@example.ru'
            """;
        var november = await Db.ScalarAsync<long>($"select id from billing.bills where period = '2026-11-01' and premises_id in ({PremisesOf}) order by id limit 1");
        Assert.NotEqual(0L, november);
        // The same premises' bill a month earlier (a copy of November's), from after the accounts opened.
        Assert.True(await Db.ScalarAsync<bool>($"select max(opened_on) < date '2026-10-01' from contracts.personal_accounts where premises_id = (select premises_id from billing.bills where id = {november})"));
        var october = await Db.ScalarAsync<long>($"""
            insert into billing.bills (period, premises_id, number, total_due, is_final, run_id, document, created_at)
            select date '2026-10-01', premises_id, number || '-10', total_due, is_final, run_id, document, created_at from billing.bills where id = {november}
            returning id
            """);
        var browser = host.Factory.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/sign-in", "/sign-in", new Dictionary<string, string> { ["Login"] = Ivanov, ["Password"] = "cabinet-demo" })).StatusCode);

        try
        {
            // Within the default window (36 months) both are the consumer's.
            var list = await browser.GetStringAsync("/cabinet/bills", Cancel);
            Assert.Contains($"/cabinet/bills/{october}\"", list, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/cabinet/bills/{october}", Cancel)).StatusCode);

            // A window of 2 months from December 2026 starts in November: October is issued only at the centre.
            await SetMonthsAsync(2);
            list = await browser.GetStringAsync("/cabinet/bills", Cancel);
            Assert.DoesNotContain($"/cabinet/bills/{october}\"", list, StringComparison.Ordinal);
            Assert.Contains($"/cabinet/bills/{november}\"", list, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/cabinet/bills/{october}", Cancel)).StatusCode);
            Assert.Equal(1L, await Db.ScalarAsync<long>($"select count(*) from billing.bills where id = {october}"));
        }
        finally
        {
            await SetMonthsAsync(36);
        }
    }
}
