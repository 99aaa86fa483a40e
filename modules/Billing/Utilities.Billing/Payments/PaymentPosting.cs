using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Utilities.Billing.Data;
using Utilities.Billing.Events;
using Utilities.Billing.Ledger;
using Utilities.Contracts;
using Utilities.Platform.Messaging;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;
using Utilities.RepairFund;

namespace Utilities.Billing.Payments;

/// <summary>
/// One payment to post. <see cref="Source"/> is the channel's idempotency key: a payment whose
/// source was posted before is answered as that payment and changes nothing.
/// </summary>
/// <param name="Reference">What the payer named: the payer code (ЕЛС), an account or a contract number.</param>
/// <param name="ForPeriod">The month named on the payment (paid first), if any.</param>
/// <param name="Resolved">The reference already resolved (a registry resolves its rows in bulk); null: resolved here.</param>
internal sealed record PaymentRequest(
    string Source,
    string Channel,
    string Target,
    string Reference,
    decimal Amount,
    DateOnly PaidOn,
    DateOnly? ForPeriod,
    string RecordedBy,
    long? RegistryId = null,
    string? Note = null,
    PaymentReference? Resolved = null);

internal enum PaymentProblem
{
    UnknownReference,
    AmountNotPositive,
    AmountTooLarge,
    AmountFractionalKopecks,
    PaidInFuture,
    PaidTooLongAgo,
    UnknownTarget,
}

/// <summary>The answer for one request: posted (or posted before: <see cref="Duplicate"/>), or refused with a problem and nothing stored.</summary>
internal sealed record PaymentOutcome(
    string Source,
    long? PaymentId,
    bool Duplicate,
    PaymentProblem? Problem,
    long? PremisesId = null,
    decimal Advance = 0,
    decimal RepairFundShare = 0,
    string? ReceiptNumber = null)
{
    public bool Posted => PaymentId is not null;
}

/// <summary>
/// Posts payments of every channel (online, kiosk, office, bank registries) in batches: checks,
/// resolves what they name, stores them idempotently, allocates each (<see cref="PaymentAllocator"/>)
/// against the premises' open debts, penalties and repair-fund dues, writes the ledger and publishes
/// <see cref="PaymentsReceived"/> and <see cref="RepairFundPaymentsAllocated"/> in the same
/// transaction. Payments of one premises are serialised by locking its balance rows.
/// </summary>
internal sealed class PaymentPosting(BillingDbContext db, IPaymentReferences references, IServiceProvider services, ISettings settings, IClock clock)
{
    public const decimal MaxAmount = 10_000_000m;

    public async Task<PaymentOutcome> PostAsync(PaymentRequest request, CancellationToken cancellationToken) =>
        (await PostAsync([request], cancellationToken))[0];

    /// <summary>Posts a batch in one transaction (the caller's, when one is open); outcomes in the order of the requests.</summary>
    public async Task<IReadOnlyList<PaymentOutcome>> PostAsync(IReadOnlyList<PaymentRequest> requests, CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(cancellationToken);
        var outcomes = new PaymentOutcome?[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            if (Check(requests[i], today) is { } problem)
                outcomes[i] = new PaymentOutcome(requests[i].Source, null, false, problem);
        }

        var unresolved = requests.Where((r, i) => outcomes[i] is null && r.Resolved is null).Select(r => r.Reference.Trim()).ToList();
        var resolved = unresolved.Count == 0 ? new Dictionary<string, PaymentReference>() : await references.ResolveAsync(unresolved, cancellationToken);
        var work = new List<(int Index, PaymentRequest Request, PaymentReference Target)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Count; i++)
        {
            if (outcomes[i] is not null)
                continue;
            var target = requests[i].Resolved ?? resolved.GetValueOrDefault(requests[i].Reference.Trim());
            if (target is null)
                outcomes[i] = new PaymentOutcome(requests[i].Source, null, false, PaymentProblem.UnknownReference);
            else if (seen.Add(requests[i].Source))
                work.Add((i, requests[i] with { ForPeriod = requests[i].ForPeriod is { } p ? new DateOnly(p.Year, p.Month, 1) : null }, target));
        }

        if (work.Count > 0)
        {
            for (var attempt = 1; ; attempt++)
            {
                var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
                try
                {
                    var posted = await PostResolvedAsync(work, today, cancellationToken);
                    if (own is not null)
                        await own.CommitAsync(cancellationToken);
                    foreach (var outcome in posted)
                        outcomes[outcome.Index] = outcome.Outcome;
                    break;
                }
                catch (PaymentRaceException) when (own is not null && attempt == 1)
                {
                    // Our own transaction: roll it back and post again, the racing payment now a duplicate.
                    await own.RollbackAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                }
                finally
                {
                    if (own is not null)
                        await own.DisposeAsync();
                }
            }
        }

        // The dashboards showing these premises show the new balance (ADR 28).
        var paid = outcomes.Where(o => o is { Posted: true, PremisesId: not null }).Select(o => o!.PremisesId!.Value).ToHashSet();
        if (paid.Count > 0)
            services.GetService<ICabinetCache>()?.ForgetPremises(paid);

        // A source repeated inside the batch is the same payment as its first occurrence.
        var bySource = outcomes.Where(o => o is { Posted: true }).GroupBy(o => o!.Source).ToDictionary(g => g.Key, g => g.First()!, StringComparer.Ordinal);
        for (var i = 0; i < requests.Count; i++)
            outcomes[i] ??= bySource.TryGetValue(requests[i].Source, out var first) ? first with { Duplicate = true } : new PaymentOutcome(requests[i].Source, null, false, PaymentProblem.UnknownReference);
        return outcomes!;
    }

    internal static PaymentProblem? Check(PaymentRequest request, DateOnly today)
    {
        if (request.Amount <= 0)
            return PaymentProblem.AmountNotPositive;
        if (request.Amount > MaxAmount)
            return PaymentProblem.AmountTooLarge;
        if (decimal.Round(request.Amount, 2) != request.Amount)
            return PaymentProblem.AmountFractionalKopecks;
        if (request.PaidOn > today.AddDays(1))
            return PaymentProblem.PaidInFuture;
        if (request.PaidOn < today.AddYears(-5))
            return PaymentProblem.PaidTooLongAgo;
        if (request.Target is not (PaymentTargets.Bill or PaymentTargets.RepairFund))
            return PaymentProblem.UnknownTarget;
        return null;
    }

    private async Task<List<(int Index, PaymentOutcome Outcome)>> PostResolvedAsync(
        List<(int Index, PaymentRequest Request, PaymentReference Target)> work, DateOnly today, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var result = new List<(int, PaymentOutcome)>(work.Count);
        try
        {
            // 1. Lock the premises: one row each, its first account's balance (every payment of a premises takes the same
            //    row, so they queue there; locking every account's balance marked four times the rows for nothing). Then,
            //    in the same round trip but a statement (and snapshot) of its own, so what a payment committed while we
            //    waited is seen: the premises' balances, which give the penalties owed.
            var premisesIds = work.Select(w => w.Target.PremisesId).Distinct().ToArray();
            var penalties = new List<(long PremisesId, long AccountId, long SupplierId, decimal Penalties)>();
            await using (var locking = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("""
                        select 1 from billing.account_balances
                        where account_id in (select min(account_id) from billing.account_balances where premises_id = any($1) group by premises_id)
                        order by account_id for update
                        """) { Parameters = { new NpgsqlParameter { Value = premisesIds } } },
                    new NpgsqlBatchCommand("select premises_id, account_id, supplier_id, penalties from billing.account_balances where premises_id = any($1) and penalties > 0")
                        { Parameters = { new NpgsqlParameter { Value = premisesIds } } },
                },
            })
            {
                await using var reader = await locking.ExecuteReaderAsync(cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    penalties.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDecimal(3)));
            }

            // 2. A source stored before is a duplicate, answered as that payment. Read after the lock: a payment of the same
            //    premises committed meanwhile is seen; one of other premises racing for the same source fails the insert below.
            var sources = work.Select(w => w.Request.Source).ToArray();
            var earlier = await db.Payments.AsNoTracking().Where(p => sources.Contains(p.Source)).ToDictionaryAsync(p => p.Source, StringComparer.Ordinal, cancellationToken);
            foreach (var w in work.Where(w => earlier.ContainsKey(w.Request.Source)))
            {
                var p = earlier[w.Request.Source];
                result.Add((w.Index, new PaymentOutcome(p.Source, p.Id, true, null, p.PremisesId, p.Advance, p.RepairFundShare, p.ReceiptNumber)));
            }

            var fresh = work.Where(w => !earlier.ContainsKey(w.Request.Source)).ToList();
            if (fresh.Count == 0)
                return result;

            var freshPremises = fresh.Select(w => w.Target.PremisesId).Distinct().ToArray();
            var state = await PremisesState.LoadAsync(db, references, services.GetService<IRepairFundDues>(), freshPremises, penalties, cancellationToken);
            var order = string.Equals(await settings.GetAsync(BillingSettings.PaymentAllocationOrder, today, cancellationToken), "newest-first", StringComparison.OrdinalIgnoreCase)
                ? AllocationOrder.NewestFirst
                : AllocationOrder.OldestFirst;
            var dueDay = await settings.GetAsync(BillingSettings.PaymentDueDay, today, cancellationToken);
            var ids = await IdsAsync(connection, fresh.Count, cancellationToken);

            // 3. Allocate each payment in turn against what the earlier ones left, before anything is stored: the payments are
            //    written once, with their split.
            var entries = new List<NewLedgerEntry>(fresh.Count * 4);
            var received = new List<ReceivedPayment>(fresh.Count);
            var shares = new List<RepairFundShare>();
            var rows = new List<(PaymentRequest Request, PaymentReference Target, long Id, decimal Share, decimal Advance, string Receipt)>(fresh.Count);
            for (var n = 0; n < fresh.Count; n++)
            {
                var (index, request, target) = fresh[n];
                var id = ids[n];
                var receipt = $"П-{id:D8}";
                decimal share = 0, advance = 0;
                var accounts = new List<long>();
                if (request.Target == PaymentTargets.RepairFund)
                {
                    share = request.Amount;
                    shares.Add(new RepairFundShare(id, target.PremisesId, request.ForPeriod, request.Amount, request.PaidOn));
                }
                else
                {
                    var allocations = state.Allocate(target, request.Amount, request.ForPeriod, order);
                    var penaltyMonth = new DateOnly(request.PaidOn.Year, request.PaidOn.Month, 1);
                    foreach (var a in allocations)
                    {
                        switch (a.Kind)
                        {
                            case AllocationKind.RepairFund:
                                share += a.Amount;
                                shares.Add(new RepairFundShare(id, target.PremisesId, a.Period, a.Amount, request.PaidOn));
                                continue;
                            case AllocationKind.Principal:
                                entries.Add(new NewLedgerEntry(a.AccountId, target.PremisesId, a.SupplierId, a.Period, request.PaidOn, LedgerKind.Payment, -a.Amount, PaymentId: id));
                                break;
                            case AllocationKind.Penalty:
                                entries.Add(new NewLedgerEntry(a.AccountId, target.PremisesId, a.SupplierId, penaltyMonth, request.PaidOn, LedgerKind.PenaltyPayment, -a.Amount, PaymentId: id));
                                break;
                            default:
                                advance += a.Amount;
                                entries.Add(new NewLedgerEntry(a.AccountId, target.PremisesId, a.SupplierId, null, request.PaidOn, LedgerKind.Advance, -a.Amount, PaymentId: id));
                                break;
                        }

                        if (!accounts.Contains(a.AccountId))
                            accounts.Add(a.AccountId);
                    }
                }

                received.Add(new ReceivedPayment(id, target.PremisesId, request.Channel, request.Amount, request.PaidOn, accounts));
                rows.Add((request, target, id, share, advance, receipt));
                result.Add((index, new PaymentOutcome(request.Source, id, false, null, target.PremisesId, advance, share, receipt)));
            }

            // 4. The payments with their split, the ledger and the events, all in the caller's transaction.
            await InsertAsync(connection, rows, now, cancellationToken);
            await LedgerWriter.PostAsync(db, entries, dueDay, now, cancellationToken);
            db.Publish(new PaymentsReceived(received), now);
            if (shares.Count > 0)
                db.Publish(new RepairFundPaymentsAllocated(shares), now);
            await db.SaveChangesAsync(cancellationToken);
            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Ids for the new payments from the table's own sequence, in one round trip.</summary>
    private static async Task<long[]> IdsAsync(NpgsqlConnection connection, int count, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select nextval(pg_get_serial_sequence('billing.payments', 'id')) from generate_series(1, @n)", connection);
        command.Parameters.AddWithValue("n", count);
        var ids = new List<long>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetInt64(0));
        return [.. ids];
    }

    private static async Task InsertAsync(
        NpgsqlConnection connection, List<(PaymentRequest Request, PaymentReference Target, long Id, decimal Share, decimal Advance, string Receipt)> rows,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            insert into billing.payments (id, source, channel, target, reference, premises_id, account_id, for_period, amount, paid_on, received_at, recorded_by,
                                          registry_id, note, repair_fund_share, advance, receipt_number)
            select * from unnest(@ids, @sources, @channels, @targets, @references, @premises, @accounts, @periods, @amounts, @paid, @received, @by,
                                 @registries, @notes, @shares, @advances, @receipts)
            on conflict (source) do nothing
            """, connection);
        insert.Parameters.AddWithValue("ids", rows.Select(r => r.Id).ToArray());
        insert.Parameters.AddWithValue("sources", rows.Select(r => r.Request.Source).ToArray());
        insert.Parameters.AddWithValue("channels", rows.Select(r => r.Request.Channel).ToArray());
        insert.Parameters.AddWithValue("targets", rows.Select(r => r.Request.Target).ToArray());
        insert.Parameters.AddWithValue("references", rows.Select(r => r.Request.Reference.Trim()).ToArray());
        insert.Parameters.AddWithValue("premises", rows.Select(r => r.Target.PremisesId).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("accounts", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint) { Value = rows.Select(r => r.Target.AccountId).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("periods", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Date) { Value = rows.Select(r => r.Request.ForPeriod).ToArray() });
        insert.Parameters.AddWithValue("amounts", rows.Select(r => r.Request.Amount).ToArray());
        insert.Parameters.AddWithValue("paid", rows.Select(r => r.Request.PaidOn).ToArray());
        insert.Parameters.AddWithValue("received", rows.Select(_ => now).ToArray());
        insert.Parameters.AddWithValue("by", rows.Select(r => r.Request.RecordedBy).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("registries", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint) { Value = rows.Select(r => r.Request.RegistryId).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("notes", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = rows.Select(r => r.Request.Note).ToArray() });
        insert.Parameters.AddWithValue("shares", rows.Select(r => r.Share).ToArray());
        insert.Parameters.AddWithValue("advances", rows.Select(r => r.Advance).ToArray());
        insert.Parameters.AddWithValue("receipts", rows.Select(r => r.Receipt).ToArray());
        var stored = await insert.ExecuteNonQueryAsync(cancellationToken);
        if (stored != rows.Count)
        {
            // The same source posted at this moment for other premises (it was not there when read): the caller's
            // transaction is rolled back whole, and a retry answers it as a duplicate.
            throw new PaymentRaceException();
        }
    }
}

/// <summary>A payment of the batch was stored by another transaction between the duplicate check and the insert: nothing of the batch is kept; retry.</summary>
internal sealed class PaymentRaceException() : InvalidOperationException("A payment of the batch was posted concurrently; the batch was not stored and can be retried.");
