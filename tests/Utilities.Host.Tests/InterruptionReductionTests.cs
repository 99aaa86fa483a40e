using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Billing;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Notifications;
using Utilities.Notifications.Notices;

namespace Utilities.Host.Tests;

/// <summary>
/// Interruptions and money (issue 9; domain.md, Rules 354 Appendix 1): the hours over the limits
/// are max(Σ (event − single limit)⁺, total − monthly limit) per service, and the billing run
/// reduces that service's charge by 0.15 % per hour over the limit, on the bill with its reason.
/// </summary>
public sealed class InterruptionReductionTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static readonly DateOnly November = new(2026, 11, 1);

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    private async Task<IReadOnlyList<OverLimitHours>> OverLimitAsync(DateOnly period)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IInterruptionQuery>().OverLimitAsync(period, Cancel);
    }

    [Fact]
    public async Task Hours_over_the_limit_take_the_larger_of_the_single_event_and_the_monthly_excess()
    {
        // Accounts no real account has (ids far above the demo's); December 2026, Moscow time (UTC+3).
        await Db.ExecuteAsync("""
            insert into notifications.interruptions (notice_id, account_id, premises_id, utility, started_at, ended_at) values
              -- cold water: 3 h + 6 h: Σ(d − 4)⁺ = 2, total 9 − 8 = 1 → 2
              (-1, 900000001, 1, 'cold-water', '2026-12-03 06:00+00', '2026-12-03 09:00+00'),
              (-2, 900000001, 1, 'cold-water', '2026-12-05 06:00+00', '2026-12-05 12:00+00'),
              -- hot water: 3 × 3 h: no single excess, total 9 − 8 = 1 → 1
              (-1, 900000002, 2, 'hot-water', '2026-12-03 06:00+00', '2026-12-03 09:00+00'),
              (-2, 900000002, 2, 'hot-water', '2026-12-05 06:00+00', '2026-12-05 09:00+00'),
              (-3, 900000002, 2, 'hot-water', '2026-12-07 06:00+00', '2026-12-07 09:00+00'),
              -- heating 10 h: within both limits → not listed
              (-1, 900000003, 3, 'heating', '2026-12-03 06:00+00', '2026-12-03 16:00+00'),
              -- electricity from 23:00 on 30.11 to 05:00 on 1.12 Moscow: 5 h in December, 2 h allowed → 3
              (-4, 900000004, 4, 'electricity', '2026-11-30 20:00+00', '2026-12-01 02:00+00')
            """);

        var december = (await OverLimitAsync(new DateOnly(2026, 12, 1))).Where(h => h.AccountId >= 900000001 && h.AccountId <= 900000004).ToDictionary(h => h.AccountId);

        Assert.Equal(2.00m, december[900000001].Hours);
        Assert.Equal(1.00m, december[900000002].Hours);
        Assert.False(december.ContainsKey(900000003));
        Assert.Equal(3.00m, december[900000004].Hours);
        Assert.Equal(9.00m, december[900000001].TotalHours);
        Assert.Equal(2, december[900000001].Events);
    }

    [Fact]
    public async Task A_resolved_outage_over_the_limit_reduces_the_charge_by_015_percent_an_hour_on_the_bill()
    {
        var (building, _, _) = await NotificationSteps.BuildingAsync(Db, 5);
        // 12 hours at once on 10.11.2026 (08:00–20:00 UTC): 8 h over the single-event limit of 4 h, 4 h over the monthly 8 h → 8 h.
        var start = new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
        var id = (await NotificationSteps.AnnounceAsync(host.Factory, NotificationSteps.Outage(building, start, start.AddHours(6)))).NoticeId!.Value;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            Assert.Null((await scope.ServiceProvider.GetRequiredService<NoticeCommands>().ResolveAsync(id, start.AddHours(12), "test", Cancel)).Problem);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await Db.ScalarAsync<long>("select count(*) from notifications.interruptions where notice_id = @n", ("n", id)) == 0)
        {
            Assert.True(DateTime.UtcNow < until, "the resolution recorded no interruptions");
            await Task.Delay(200, Cancel);
        }

        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var run = await scope.ServiceProvider.GetRequiredService<IBillingRuns>().RunAsync(November, "test", null, Cancel);
            Assert.Null(run.Error);
        }

        var account = await Db.ScalarAsync<long>("select account_id from notifications.interruptions where notice_id = @n order by account_id limit 1", ("n", id));
        var charged = await Db.ScalarAsync<decimal>("select sum(amount) from billing.charge_lines where period = '2026-11-01' and account_id = @a and kind = 0", ("a", account));
        var reduction = await Db.ScalarAsync<decimal>("select amount from billing.charge_lines where period = '2026-11-01' and account_id = @a and kind = 3", ("a", account));
        Assert.True(charged > 0);
        Assert.Equal(-Math.Round(charged * 0.0015m * 8m, 2, MidpointRounding.AwayFromZero), reduction);

        var document = await Db.ScalarAsync<string>("""
            select b.document::text from billing.bills b join billing.charge_lines l on l.premises_id = b.premises_id and l.period = b.period
            where b.period = '2026-11-01' and l.account_id = @a limit 1
            """, ("a", account));
        using var json = JsonDocument.Parse(document!);
        var recalculations = json.RootElement.GetProperty("recalculations").EnumerateArray().ToList();
        var line = Assert.Single(recalculations, r => r.GetProperty("reason").GetString()!.Contains("сверх допустимой продолжительности", StringComparison.Ordinal));
        Assert.Equal(reduction, line.GetProperty("amount").GetDecimal());
        Assert.Contains("8.00 ч", line.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
