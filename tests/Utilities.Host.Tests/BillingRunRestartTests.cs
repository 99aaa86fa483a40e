using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// A billing run survives a crash (issue 6): the built host runs <c>run-billing</c> in small
/// batches, is killed with SIGKILL once some batches are committed, and a second
/// <c>run-billing</c> takes the run over when its lease has run out; the charges and bills are the
/// same as those of an uninterrupted run of the same data.
/// </summary>
public sealed class BillingRunRestartTests
{
    private const string Lines = """
        select account_id || '|' || for_period || '|' || kind || '|' || component || '|' || coalesce(register, '') || '|' || basis || '|'
               || volume || '|' || price || '|' || amount || '|' || line_from || '|' || line_to || '|' || explanation_ru
        from billing.charge_lines where period = '2026-11-01' order by 1
        """;

    private static Dictionary<string, string?> Environment(TestDatabase db, string pause) => new()
    {
        ["ConnectionStrings__Utilities"] = db.ConnectionString,
        ["Billing__BatchSize"] = "3",
        ["Billing__PauseBetweenBatches"] = pause,
        ["Billing__LeaseDuration"] = "00:00:03",
    };

    [Fact]
    public async Task Killing_the_host_in_the_middle_of_a_run_and_running_again_gives_the_same_charges_as_an_uninterrupted_run()
    {
        await using var killed = await TestDatabase.CreateAsync();
        await using var whole = await TestDatabase.CreateAsync();
        foreach (var db in new[] { killed, whole })
        {
            await using var seed = ChildProcess.StartHost(new Dictionary<string, string?> { ["ConnectionStrings__Utilities"] = db.ConnectionString }, "seed-demo");
            Assert.Equal(0, await seed.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        }

        await using (var uninterrupted = ChildProcess.StartHost(Environment(whole, "00:00:00"), "run-billing", "2026-11"))
            Assert.Equal(0, await uninterrupted.WaitForExitAsync(TimeSpan.FromMinutes(2)));

        await using (var first = ChildProcess.StartHost(Environment(killed, "00:00:00.300"), "run-billing", "2026-11"))
        {
            var until = DateTime.UtcNow.AddMinutes(2);
            while (await killed.ScalarAsync<int>("select coalesce(max(accounts_done), 0) from billing.runs") < 6 && DateTime.UtcNow < until && !first.HasExited)
                await Task.Delay(50, TestContext.Current.CancellationToken);
            Assert.False(first.HasExited, first.StandardOutput + first.StandardError);
            await first.SignalAsync(9);
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        var done = await killed.ScalarAsync<int>("select accounts_done from billing.runs");
        Assert.Equal("running", await killed.ScalarAsync<string>("select state from billing.runs"));
        Assert.InRange(done, 6, 47);

        await using (var second = ChildProcess.StartHost(Environment(killed, "00:00:00"), "run-billing", "2026-11"))
            Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromMinutes(2)));

        Assert.Equal(1L, await killed.ScalarAsync<long>("select count(*) from billing.runs where state = 'completed'"));
        Assert.Equal(await whole.ColumnAsync(Lines), await killed.ColumnAsync(Lines));
        Assert.Equal(
            await whole.ColumnAsync("select premises_id || '|' || total_due from billing.bills order by 1"),
            await killed.ColumnAsync("select premises_id || '|' || total_due from billing.bills order by 1"));
    }
}
