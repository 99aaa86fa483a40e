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
            var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            try
            {
                foreach (var outcome in await PostResolvedAsync(work, today, cancellationToken))
                    outcomes[outcome.Index] = outcome.Outcome;
                if (own is not null)
                    await own.CommitAsync(cancellationToken);
            }
            finally
            {
                if (own is not null)
                    await own.DisposeAsync();
            }
        }

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
            // 1. Store the payments; a source stored before is a duplicate and is answered as that payment.
            var inserted = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var insert = new NpgsqlCommand("""
                insert into billing.payments (source, channel, target, reference, premises_id, account_id, for_period, amount, paid_on, received_at, recorded_by, registry_id, note)
                select * from unnest(@sources, @channels, @targets, @references, @premises, @accounts, @periods, @amounts, @paid, @received, @by, @registries, @notes)
                on conflict (source) do nothing
                returning source, id
                """, connection))
            {
                insert.Parameters.AddWithValue("sources", work.Select(w => w.Request.Source).ToArray());
                insert.Parameters.AddWithValue("channels", work.Select(w => w.Request.Channel).ToArray());
                insert.Parameters.AddWithValue("targets", work.Select(w => w.Request.Target).ToArray());
                insert.Parameters.AddWithValue("references", work.Select(w => w.Request.Reference.Trim()).ToArray());
                insert.Parameters.AddWithValue("premises", work.Select(w => w.Target.PremisesId).ToArray());
                insert.Parameters.Add(new NpgsqlParameter("accounts", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint) { Value = work.Select(w => w.Target.AccountId).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter("periods", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Date) { Value = work.Select(w => w.Request.ForPeriod).ToArray() });
                insert.Parameters.AddWithValue("amounts", work.Select(w => w.Request.Amount).ToArray());
                insert.Parameters.AddWithValue("paid", work.Select(w => w.Request.PaidOn).ToArray());
                insert.Parameters.AddWithValue("received", work.Select(_ => now).ToArray());
                insert.Parameters.AddWithValue("by", work.Select(w => w.Request.RecordedBy).ToArray());
                insert.Parameters.Add(new NpgsqlParameter("registries", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint) { Value = work.Select(w => w.Request.RegistryId).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter("notes", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = work.Select(w => w.Request.Note).ToArray() });
                await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    inserted[reader.GetString(0)] = reader.GetInt64(1);
            }

            var duplicates = work.Where(w => !inserted.ContainsKey(w.Request.Source)).Select(w => w.Request.Source).ToList();
            if (duplicates.Count > 0)
            {
                var earlier = await db.Payments.AsNoTracking().Where(p => duplicates.Contains(p.Source)).ToDictionaryAsync(p => p.Source, StringComparer.Ordinal, cancellationToken);
                foreach (var w in work.Where(w => earlier.ContainsKey(w.Request.Source)))
                {
                    var p = earlier[w.Request.Source];
                    result.Add((w.Index, new PaymentOutcome(p.Source, p.Id, true, null, p.PremisesId, p.Advance, p.RepairFundShare, p.ReceiptNumber)));
                }
            }

            var fresh = work.Where(w => inserted.ContainsKey(w.Request.Source)).ToList();
            if (fresh.Count == 0)
                return result;

            // 2. Lock the premises' balances (payments of one premises queue here), then read what they owe.
            var premisesIds = fresh.Select(w => w.Target.PremisesId).Distinct().ToArray();
            await using (var locking = new NpgsqlCommand("select account_id from billing.account_balances where premises_id = any(@p) order by account_id for update", connection))
            {
                locking.Parameters.AddWithValue("p", premisesIds);
                await using var reader = await locking.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                }
            }

            var state = await PremisesState.LoadAsync(db, references, services.GetService<IRepairFundDues>(), premisesIds, cancellationToken);
            var order = string.Equals(await settings.GetAsync(BillingSettings.PaymentAllocationOrder, today, cancellationToken), "newest-first", StringComparison.OrdinalIgnoreCase)
                ? AllocationOrder.NewestFirst
                : AllocationOrder.OldestFirst;
            var dueDay = await settings.GetAsync(BillingSettings.PaymentDueDay, today, cancellationToken);

            // 3. Allocate each payment in turn against what the earlier ones left.
            var entries = new List<NewLedgerEntry>();
            var received = new List<ReceivedPayment>();
            var shares = new List<RepairFundShare>();
            var updates = new List<(long Id, decimal Share, decimal Advance, string Receipt)>();
            foreach (var (index, request, target) in fresh)
            {
                var id = inserted[request.Source];
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
                updates.Add((id, share, advance, receipt));
                result.Add((index, new PaymentOutcome(request.Source, id, false, null, target.PremisesId, advance, share, receipt)));
            }

            // 4. The ledger, the payments' split and the events, all in the caller's transaction.
            await LedgerWriter.PostAsync(db, entries, dueDay, now, cancellationToken);
            await using (var update = new NpgsqlCommand("""
                update billing.payments p set repair_fund_share = u.share, advance = u.advance, receipt_number = u.receipt
                from unnest(@ids, @shares, @advances, @receipts) as u(id, share, advance, receipt) where p.id = u.id
                """, connection))
            {
                update.Parameters.AddWithValue("ids", updates.Select(u => u.Id).ToArray());
                update.Parameters.AddWithValue("shares", updates.Select(u => u.Share).ToArray());
                update.Parameters.AddWithValue("advances", updates.Select(u => u.Advance).ToArray());
                update.Parameters.AddWithValue("receipts", updates.Select(u => u.Receipt).ToArray());
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

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
}
