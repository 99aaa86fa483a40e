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
using Utilities.Platform.Faults;

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
            if (run.Stage == RunStages.Ledger)
                await PostLedgerAsync(run, cancellationToken);
            var posted = watch.Elapsed;
            if (run.Stage == RunStages.Bills)
                await ComposeBillsAsync(run, cancellationToken);
            var billed = watch.Elapsed;
            await CompleteAsync(run, cancellationToken);
            logger.LogInformation("Billing run {RunId} stages: charging {Charging:0.0} s, recalculations {Recalculating:0.0} s, ledger {Ledger:0.0} s, bills {Bills:0.0} s",
                runId, charged.TotalSeconds, (recalculated - charged).TotalSeconds, (posted - recalculated).TotalSeconds, (billed - posted).TotalSeconds);
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

    private sealed record PreparedBatch(
        List<(AccountFacts Account, List<RegisterConsumption> Rows)> Accounts,
        Dictionary<long, AccountHistory> Histories);

    private sealed record ComputedBatch(
        int Count,
        long LastAccountId,
        List<ChargeLineRow> Lines,
        List<Estimation> Estimations,
        List<RunProblem> Problems,
        List<(long Account, int Periods)> Reversals);

    /// <summary>
    /// Charging as a pipeline of three stages on their own connections, one batch each in flight:
    /// reading (the two streams merged, the batch's history), computing (the formulas), writing
    /// (COPY and the cursor, in account order). Two cores and the database work at once.
    /// </summary>
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

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var prepared = System.Threading.Channels.Channel.CreateBounded<PreparedBatch>(1);
        var computed = System.Threading.Channels.Channel.CreateBounded<ComputedBatch>(1);
        var reader = Task.Run(() => Stage(prepared.Writer, () => ReadAsync(context, run.CursorAccountId, prepared.Writer, stop.Token)), stop.Token);
        var computer = Task.Run(() => Stage(computed.Writer, () => ComputeAsync(context, run.Id, prepared.Reader, computed.Writer, stop.Token)), stop.Token);
        try
        {
            var busy = new System.Diagnostics.Stopwatch();
            await foreach (var batch in computed.Reader.ReadAllAsync(stop.Token))
            {
                busy.Start();
                await WriteBatchAsync(db, context, run, batch, stop.Token);
                busy.Stop();
                progress?.Report(run);
                if (PauseBetweenBatches > TimeSpan.Zero)
                    await Task.Delay(PauseBetweenBatches, stop.Token);
            }

            await Task.WhenAll(reader, computer);
            logger.LogDebug("Billing writing stage busy {Busy:0.0} s", busy.Elapsed.TotalSeconds);
        }
        catch
        {
            await stop.CancelAsync();
            await Task.WhenAll(reader, computer).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            throw;
        }

        run.Stage = RunStages.Recalculating;
        await SaveProgressAsync(db, run, cancellationToken);
    }

    /// <summary>Runs a stage and completes its output channel, with the stage's exception when it failed.</summary>
    private static async Task Stage<T>(System.Threading.Channels.ChannelWriter<T> output, Func<Task> body)
    {
        try
        {
            await body();
            output.Complete();
        }
        catch (Exception e)
        {
            output.Complete(e);
            throw;
        }
    }

    private async Task ReadAsync(PeriodContext context, long cursor, System.Threading.Channels.ChannelWriter<PreparedBatch> output, CancellationToken cancellationToken)
    {
        await using var factsScope = scopes.CreateAsyncScope();
        await using var consumptionScope = scopes.CreateAsyncScope();
        await using var historyScope = scopes.CreateAsyncScope();
        var history = historyScope.ServiceProvider.GetRequiredService<BillingDbContext>();
        var averagesQuery = historyScope.ServiceProvider.GetRequiredService<IConsumptionQuery>();
        await using var accounts = factsScope.ServiceProvider.GetRequiredService<IBillingFacts>()
            .StreamAccountsAsync(context.Period, context.PeriodEnd, cursor, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using var consumption = consumptionScope.ServiceProvider.GetRequiredService<IConsumptionQuery>()
            .StreamPeriodAsync(context.Period, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var busy = new System.Diagnostics.Stopwatch();
        var historyTime = new System.Diagnostics.Stopwatch();
        busy.Start();
        var consumptionLeft = await consumption.MoveNextAsync();
        var accountsLeft = await accounts.MoveNextAsync();
        while (accountsLeft)
        {
            busy.Start();
            var batch = new List<(AccountFacts Account, List<RegisterConsumption> Rows)>(BatchSize);
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

            historyTime.Start();
            var histories = await HistoriesAsync(history, averagesQuery, context, batch, cancellationToken);
            historyTime.Stop();
            busy.Stop();
            await output.WriteAsync(new PreparedBatch(batch, histories), cancellationToken);
        }

        logger.LogDebug("Billing reading stage busy {Busy:0.0} s (history {History:0.0} s)", busy.Elapsed.TotalSeconds, historyTime.Elapsed.TotalSeconds);
    }

    /// <summary>The batch's previous estimations, absences and (for estimated registers) averages, in three set-based reads.</summary>
    private static async Task<Dictionary<long, AccountHistory>> HistoriesAsync(
        BillingDbContext db,
        IConsumptionQuery averagesQuery,
        PeriodContext context,
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
        var histories = new Dictionary<long, AccountHistory>();
        foreach (var id in previous.Keys.Concat(absences.Keys).Concat(averages.Keys).Distinct())
        {
            histories[id] = new AccountHistory(
                previous.GetValueOrDefault(id) ?? AccountHistory.Empty.Previous,
                averages.GetValueOrDefault(id) ?? AccountHistory.Empty.Averages,
                absences.GetValueOrDefault(id) ?? []);
        }

        return histories;
    }

    private async Task ComputeAsync(
        PeriodContext context,
        long runId,
        System.Threading.Channels.ChannelReader<PreparedBatch> input,
        System.Threading.Channels.ChannelWriter<ComputedBatch> output,
        CancellationToken cancellationToken)
    {
        var busy = new System.Diagnostics.Stopwatch();
        await foreach (var batch in input.ReadAllAsync(cancellationToken))
        {
            busy.Start();
            var lines = new List<ChargeLineRow>(batch.Accounts.Count * 2);
            var estimations = new List<Estimation>();
            var problems = new List<RunProblem>();
            var reversals = new List<(long Account, int Periods)>();
            foreach (var (account, rows) in batch.Accounts)
            {
                var charge = ChargeCalculator.Calculate(context, account, rows, batch.Histories.GetValueOrDefault(account.AccountId) ?? AccountHistory.Empty);
                if (charge.Problem is { } problem)
                    problems.Add(new RunProblem { RunId = runId, AccountId = account.AccountId, Message = problem });
                lines.AddRange(charge.Lines);
                estimations.AddRange(charge.Estimations);
                if (charge.ReverseEstimatedPeriods > 0)
                    reversals.Add((account.AccountId, charge.ReverseEstimatedPeriods));
            }

            busy.Stop();
            await output.WriteAsync(new ComputedBatch(batch.Accounts.Count, batch.Accounts[^1].Account.AccountId, lines, estimations, problems, reversals), cancellationToken);
        }

        logger.LogDebug("Billing computing stage busy {Busy:0.0} s", busy.Elapsed.TotalSeconds);
    }

    private async Task WriteBatchAsync(BillingDbContext db, PeriodContext context, BillingRun run, ComputedBatch batch, CancellationToken cancellationToken)
    {
        var lines = batch.Lines;
        foreach (var (account, periods) in batch.Reversals)
            lines.AddRange(await Reversals.OfEstimatesAsync(db, account, context.Period.AddMonths(-periods), context.Period, cancellationToken));

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var written = await ChargeWriter.WriteLinesAsync(connection, run.Id, context.Period, lines, cancellationToken);
            if (batch.Estimations.Count > 0)
                await ChargeWriter.WriteEstimationsAsync(connection, run.Id, context.Period, batch.Estimations, cancellationToken);
            if (batch.Problems.Count > 0)
            {
                db.RunProblems.AddRange(batch.Problems);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            run.CursorAccountId = batch.LastAccountId;
            run.AccountsDone += batch.Count;
            run.Lines += written;
            run.Amount += lines.Sum(l => l.Amount);
            run.Problems += batch.Problems.Count;
            await SaveProgressAsync(db, run, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            FaultPoints.Hit("billing.run.batch-committed");
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
        run.Stage = RunStages.Ledger;
        run.ChargesAt = clock.Now;
        // The charges are complete: the stage and the event commit together, so a resumed run never posts it twice.
        // The reductions for interrupted services commit with them (an earlier attempt's are replaced).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var reduced = await InterruptionReductions.ApplyAsync(db, run, scope.ServiceProvider.GetService<Utilities.Notifications.IInterruptionQuery>(), cancellationToken);
        run.Lines += reduced.Lines;
        run.Amount += reduced.Amount;
        await SaveProgressAsync(db, run, cancellationToken);
        var recalculations = await db.Recalculations.CountAsync(r => r.DoneRunId == run.Id, cancellationToken);
        db.Publish(new ChargesPosted(run.Id, run.Period, run.AccountsDone, run.Lines, run.Amount, recalculations, run.Problems), clock.Now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        FaultPoints.Hit("billing.run.charges-committed");
        logger.LogInformation("Billing run {RunId} of {Period:yyyy-MM}: charges committed, {Lines} lines, {Amount} RUB", run.Id, run.Period, run.Lines, run.Amount);
    }

    private async Task PostLedgerAsync(BillingRun run, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        await RenewLeaseAsync(db, run, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<Ledger.RunLedger>().PostAsync(run, cancellationToken);
        FaultPoints.Hit("billing.run.ledger-posted");
        run.Stage = RunStages.Bills;
        await SaveProgressAsync(db, run, cancellationToken);
        logger.LogInformation("Billing run {RunId} of {Period:yyyy-MM}: ledger posted", run.Id, run.Period);
    }

    private async Task ComposeBillsAsync(BillingRun run, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        // The period's repair-fund contributions first: the bills carry their block (the Repair fund module's ledger).
        if (scope.ServiceProvider.GetService<Utilities.RepairFund.IRepairFundCharging>() is { } repairFund)
        {
            var charged = await repairFund.ChargeAsync(run.Period, cancellationToken);
            FaultPoints.Hit("billing.run.repair-fund-charged");
            logger.LogInformation("Billing run {RunId} of {Period:yyyy-MM}: repair-fund contributions of {Premises} premises, {Amount} RUB", run.Id, run.Period, charged.Premises, charged.Charged);
            await RenewLeaseAsync(db, run, cancellationToken);
        }

        // The bills are written in chunks, each committed on its own: a host that died in this stage (or
        // after it, before the stage was saved) left some or all of them, and a resumed stage writes them again.
        await db.Bills.Where(b => b.RunId == run.Id).ExecuteDeleteAsync(cancellationToken);
        run.Bills = await scope.ServiceProvider.GetRequiredService<BillComposer>().ComposeAsync(run, () => RenewLeaseAsync(db, run, cancellationToken), cancellationToken);
        FaultPoints.Hit("billing.run.bills-composed");
        run.Stage = RunStages.Done;
        await SaveProgressAsync(db, run, cancellationToken);
    }

    private async Task CompleteAsync(BillingRun run, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        run.State = RunStates.Completed;
        run.FinishedAt = clock.Now;
        await SaveProgressAsync(db, run, cancellationToken);
        db.Publish(new BillsIssued(run.Id, run.Period, run.Bills), clock.Now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        scope.ServiceProvider.GetService<ICabinetCache>()?.ForgetAll(); // the new bills and balances
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
                .SetProperty(r => r.ChargesAt, run.ChargesAt)
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
