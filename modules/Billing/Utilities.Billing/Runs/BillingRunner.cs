using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Utilities.Billing.Bills;
using Utilities.Billing.Data;
using Utilities.Billing.Events;
using Utilities.Contracts;
using Utilities.Metering;
using Utilities.Platform.Messaging;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Runs;

internal sealed record RunStart(long? RunId, string? Error, bool AlreadyRunning = false);

/// <summary>
/// The monthly billing run (issue 6). One run per period at a time (a partial unique index on
/// running runs) and one host per run (a lease in the run's row, renewed with every batch). The
/// run streams the period's accounts from Contracts and their consumption from Metering in
/// account order, charges a batch, and commits its lines, estimations and the cursor together:
/// a host that dies leaves a cursor from which another host (after the lease ran out) goes on,
/// and the result is the same as one uninterrupted run. Then recalculations of closed periods,
/// then the bills, then <see cref="ChargesPosted"/> with the run's completion.
/// </summary>
internal sealed class BillingRunner(
    IServiceScopeFactory scopes,
    IClock clock,
    IConfiguration configuration,
    ILogger<BillingRunner> logger)
{
    /// <summary>Who holds leases from this process.</summary>
    public static readonly string Owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private int BatchSize => Math.Max(1, configuration.GetValue("Billing:BatchSize", 10_000));

    /// <summary>A pause after each committed batch (0 by default): lets a test kill a run in its middle, or an operator throttle it.</summary>
    private TimeSpan PauseBetweenBatches => configuration.GetValue("Billing:PauseBetweenBatches", TimeSpan.Zero);

    public TimeSpan Lease => configuration.GetValue("Billing:LeaseDuration", TimeSpan.FromMinutes(2));

    /// <summary>Opens a run of a period (refused for a closed period or one in the future); a running one is returned as it is.</summary>
    public async Task<RunStart> StartAsync(DateOnly period, string startedBy, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        period = new DateOnly(period.Year, period.Month, 1);
        var today = await clock.TodayAsync(cancellationToken);
        if (period > new DateOnly(today.Year, today.Month, 1))
            return new RunStart(null, string.Create(CultureInfo.InvariantCulture, $"Период {period:MM.yyyy} ещё не наступил: рассчитать можно текущий или прошедший месяц."));
        if (await db.Periods.AnyAsync(p => p.Period == period && p.State == PeriodStates.Closed, cancellationToken))
            return new RunStart(null, string.Create(CultureInfo.InvariantCulture, $"Период {period:MM.yyyy} закрыт: начисления заморожены, исправления идут перерасчётом в следующем открытом периоде."));
        var running = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Period == period && r.State == RunStates.Running, cancellationToken);
        if (running is not null)
            return new RunStart(running.Id, null, AlreadyRunning: true);

        var run = new BillingRun
        {
            Period = period,
            State = RunStates.Running,
            Stage = RunStages.Charging,
            StartedAt = clock.Now,
            StartedBy = startedBy,
            LeaseOwner = Owner,
            LeaseUntil = clock.Now + Lease,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A new run of an open period replaces what an earlier run of it posted.
        await db.Database.ExecuteSqlAsync($"delete from billing.charge_lines where period = {period}", cancellationToken);
        await db.Database.ExecuteSqlAsync($"delete from billing.estimations where period = {period}", cancellationToken);
        await db.Database.ExecuteSqlAsync($"delete from billing.bills where period = {period}", cancellationToken);
        await db.Database.ExecuteSqlAsync($"update billing.recalculations set done_run_id = null, done_in_period = null where done_in_period = {period}", cancellationToken);
        db.Runs.Add(run);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another host opened the period's run at the same moment: that one runs.
            var other = await RunningIdAsync(period, cancellationToken);
            return new RunStart(other, null, AlreadyRunning: true);
        }

        return new RunStart(run.Id, null);
    }

    /// <summary>Takes over running runs whose lease ran out (their host died) and finishes them; returns how many.</summary>
    public async Task<int> ResumeAbandonedAsync(CancellationToken cancellationToken)
    {
        var resumed = 0;
        while (await TakeOverAsync(cancellationToken) is { } runId)
        {
            logger.LogInformation("Resuming billing run {RunId} left by another host", runId);
            await ExecuteAsync(runId, null, cancellationToken);
            resumed++;
        }

        return resumed;
    }

    /// <summary>Runs (or goes on with) a run this process holds the lease of, to its end.</summary>
    public async Task ExecuteAsync(long runId, IProgress<BillingRun>? progress, CancellationToken cancellationToken)
    {
        try
        {
            var run = await LoadAsync(runId, cancellationToken);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            if (run.Stage == RunStages.Charging)
                await ChargeAsync(run, progress, cancellationToken);
            var charged = watch.Elapsed;
            if (run.Stage == RunStages.Recalculating)
                await RecalculateAsync(run, cancellationToken);
            var recalculated = watch.Elapsed;
            if (run.Stage == RunStages.Bills)
                await ComposeBillsAsync(run, cancellationToken);
            var billed = watch.Elapsed;
            await CompleteAsync(run, cancellationToken);
            logger.LogInformation("Billing run {RunId} stages: charging {Charging:0.0} s, recalculations {Recalculating:0.0} s, bills {Bills:0.0} s",
                runId, charged.TotalSeconds, (recalculated - charged).TotalSeconds, (billed - recalculated).TotalSeconds);
            progress?.Report(run);
        }
        catch (LeaseLostException)
        {
            logger.LogWarning("Billing run {RunId}: another host took over the lease; this host stops", runId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Billing run {RunId} failed", runId);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
            await db.Runs.Where(r => r.Id == runId && r.LeaseOwner == Owner)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.State, RunStates.Failed).SetProperty(r => r.Error, e.Message)
                    .SetProperty(r => r.FinishedAt, clock.Now), CancellationToken.None);
            throw;
        }
    }

    private async Task ChargeAsync(BillingRun run, IProgress<BillingRun>? progress, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<BillingDbContext>();
        var context = await PeriodContext.LoadAsync(run.Period, db, services.GetRequiredService<ISettings>(),
            services.GetRequiredService<IConsumptionQuery>(), services.GetRequiredService<IEnumerable<IUtilityPlugin>>(), cancellationToken);

        if (run.AccountsTotal == 0)
        {
            run.AccountsTotal = await services.GetRequiredService<IBillingFacts>().CountAccountsAsync(context.Period, context.PeriodEnd, cancellationToken);
            await SaveProgressAsync(db, run, cancellationToken);
        }

        // Two streams in account order on their own connections: accounts with premises facts, consumption.
        await using var factsScope = scopes.CreateAsyncScope();
        await using var consumptionScope = scopes.CreateAsyncScope();
        await using var averagesScope = scopes.CreateAsyncScope();
        var averagesQuery = averagesScope.ServiceProvider.GetRequiredService<IConsumptionQuery>();
        await using var accounts = factsScope.ServiceProvider.GetRequiredService<IBillingFacts>()
            .StreamAccountsAsync(context.Period, context.PeriodEnd, run.CursorAccountId, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using var consumption = consumptionScope.ServiceProvider.GetRequiredService<IConsumptionQuery>()
            .StreamPeriodAsync(context.Period, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var consumptionLeft = await consumption.MoveNextAsync();

        var batch = new List<(AccountFacts Account, List<RegisterConsumption> Rows)>(BatchSize);
        var accountsLeft = await accounts.MoveNextAsync();
        while (accountsLeft)
        {
            batch.Clear();
            while (accountsLeft && batch.Count < BatchSize)
            {
                var account = accounts.Current;
                var rows = new List<RegisterConsumption>(2);
                while (consumptionLeft && consumption.Current.AccountId < account.AccountId)
                    consumptionLeft = await consumption.MoveNextAsync();
                while (consumptionLeft && consumption.Current.AccountId == account.AccountId)
                {
                    rows.Add(consumption.Current);
                    consumptionLeft = await consumption.MoveNextAsync();
                }

                batch.Add((account, rows));
                accountsLeft = await accounts.MoveNextAsync();
            }

            await ChargeBatchAsync(db, averagesQuery, context, run, batch, cancellationToken);
            progress?.Report(run);
            if (PauseBetweenBatches > TimeSpan.Zero)
                await Task.Delay(PauseBetweenBatches, cancellationToken);
        }

        run.Stage = RunStages.Recalculating;
        await SaveProgressAsync(db, run, cancellationToken);
    }

    private async Task ChargeBatchAsync(
        BillingDbContext db,
        IConsumptionQuery averagesQuery,
        PeriodContext context,
        BillingRun run,
        List<(AccountFacts Account, List<RegisterConsumption> Rows)> batch,
        CancellationToken cancellationToken)
    {
        var first = batch[0].Account.AccountId;
        var last = batch[^1].Account.AccountId;
        var previousPeriod = context.Period.AddMonths(-1);
        var previous = (await db.Estimations.AsNoTracking()
                .Where(e => e.Period == previousPeriod && e.AccountId >= first && e.AccountId <= last)
                .ToListAsync(cancellationToken))
            .GroupBy(e => e.AccountId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<(long, string), Estimation>)g.ToDictionary(e => (e.MeterId, e.Register)));
        var absences = (await db.Absences.AsNoTracking()
                .Where(a => a.AccountId >= first && a.AccountId <= last && a.FromDate <= context.PeriodEnd && a.ToDate >= context.Period)
                .ToListAsync(cancellationToken))
            .GroupBy(a => a.AccountId).ToDictionary(g => g.Key, g => (IReadOnlyList<Absence>)g.ToList());
        var estimated = batch.Where(b => b.Rows.Any(r => r.State != ConsumptionState.Measured)).Select(b => b.Account.AccountId).ToList();
        var averages = estimated.Count == 0
            ? []
            : (await averagesQuery.AveragesAsync(estimated, context.Period, context.Estimation.AverageWindowMonths, cancellationToken))
                .GroupBy(a => a.AccountId)
                .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<(long, string), AverageConsumption>)g.ToDictionary(a => (a.MeterId, a.Register)));

        var lines = new List<ChargeLineRow>(batch.Count * 2);
        var estimations = new List<Estimation>();
        var problems = new List<RunProblem>();
        var reversals = new List<(long Account, int Periods)>();
        foreach (var (account, rows) in batch)
        {
            var history = new AccountHistory(
                previous.GetValueOrDefault(account.AccountId) ?? AccountHistory.Empty.Previous,
                averages.GetValueOrDefault(account.AccountId) ?? AccountHistory.Empty.Averages,
                absences.GetValueOrDefault(account.AccountId) ?? []);
            var charge = ChargeCalculator.Calculate(context, account, rows, history);
            if (charge.Problem is { } problem)
                problems.Add(new RunProblem { RunId = run.Id, AccountId = account.AccountId, Message = problem });
            lines.AddRange(charge.Lines);
            estimations.AddRange(charge.Estimations);
            if (charge.ReverseEstimatedPeriods > 0)
                reversals.Add((account.AccountId, charge.ReverseEstimatedPeriods));
        }

        foreach (var (account, periods) in reversals)
            lines.AddRange(await Reversals.OfEstimatesAsync(db, account, context.Period.AddMonths(-periods), context.Period, cancellationToken));

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var written = await ChargeWriter.WriteLinesAsync(connection, run.Id, context.Period, lines, cancellationToken);
            if (estimations.Count > 0)
                await ChargeWriter.WriteEstimationsAsync(connection, run.Id, context.Period, estimations, cancellationToken);
            if (problems.Count > 0)
            {
                db.RunProblems.AddRange(problems);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            run.CursorAccountId = batch[^1].Account.AccountId;
            run.AccountsDone += batch.Count;
            run.Lines += written;
            run.Amount += lines.Sum(l => l.Amount);
            run.Problems += problems.Count;
            await SaveProgressAsync(db, run, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task RecalculateAsync(BillingRun run, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var recalculator = scope.ServiceProvider.GetRequiredService<Recalculator>();
        var done = await recalculator.RunAsync(run, cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        run.Lines += done.Lines;
        run.Amount += done.Amount;
        run.Stage = RunStages.Bills;
        await SaveProgressAsync(db, run, cancellationToken);
    }

    private async Task ComposeBillsAsync(BillingRun run, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        run.Bills = await scope.ServiceProvider.GetRequiredService<BillComposer>().ComposeAsync(run, () => RenewLeaseAsync(db, run, cancellationToken), cancellationToken);
        run.Stage = RunStages.Done;
        await SaveProgressAsync(db, run, cancellationToken);
    }

    private async Task CompleteAsync(BillingRun run, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var recalculations = await db.Recalculations.CountAsync(r => r.DoneRunId == run.Id, cancellationToken);
        run.State = RunStates.Completed;
        run.FinishedAt = clock.Now;
        await SaveProgressAsync(db, run, cancellationToken);
        db.Publish(new ChargesPosted(run.Id, run.Period, run.AccountsDone, run.Lines, run.Amount, recalculations, run.Bills, run.Problems), clock.Now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Billing run {RunId} of {Period:yyyy-MM} completed: {Accounts} accounts, {Lines} lines, {Amount} RUB, {Bills} bills, {Problems} problems",
            run.Id, run.Period, run.AccountsDone, run.Lines, run.Amount, run.Bills, run.Problems);
    }

    /// <summary>Saves the run's progress and renews the lease; a lease another host holds now stops this one.</summary>
    private async Task SaveProgressAsync(BillingDbContext db, BillingRun run, CancellationToken cancellationToken)
    {
        var leaseUntil = clock.Now + Lease;
        var updated = await db.Runs.Where(r => r.Id == run.Id && r.LeaseOwner == Owner)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.State, run.State)
                .SetProperty(r => r.Stage, run.Stage)
                .SetProperty(r => r.AccountsTotal, run.AccountsTotal)
                .SetProperty(r => r.AccountsDone, run.AccountsDone)
                .SetProperty(r => r.CursorAccountId, run.CursorAccountId)
                .SetProperty(r => r.Lines, run.Lines)
                .SetProperty(r => r.Amount, run.Amount)
                .SetProperty(r => r.Problems, run.Problems)
                .SetProperty(r => r.Bills, run.Bills)
                .SetProperty(r => r.FinishedAt, run.FinishedAt)
                .SetProperty(r => r.LeaseUntil, leaseUntil), cancellationToken);
        if (updated == 0)
            throw new LeaseLostException();
    }

    private Task RenewLeaseAsync(BillingDbContext db, BillingRun run, CancellationToken cancellationToken) => SaveProgressAsync(db, run, cancellationToken);

    private async Task<long?> TakeOverAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        var now = clock.Now;
        var ids = await db.Database.SqlQuery<long>($"""
            update billing.runs set lease_owner = {Owner}, lease_until = {now + Lease}
            where id = (select id from billing.runs where state = 'running' and (lease_until is null or lease_until < {now})
                        order by id limit 1 for update skip locked)
            returning id as "Value"
            """).ToListAsync(cancellationToken);
        return ids.Count > 0 ? ids[0] : null;
    }

    private async Task<long?> RunningIdAsync(DateOnly period, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        return await db.Runs.Where(r => r.Period == period && r.State == RunStates.Running).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<BillingRun> LoadAsync(long runId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        return await db.Runs.AsNoTracking().FirstAsync(r => r.Id == runId, cancellationToken);
    }

    private sealed class LeaseLostException : Exception;
}
