using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Utilities.Billing.Data;
using Utilities.Contracts;
using Utilities.Platform.Time;

namespace Utilities.Billing.Payments.Kiosk;

/// <summary>The result of a card payment at a kiosk, for its screen.</summary>
internal sealed record KioskCardResult(string State, decimal Amount, string? ReceiptNumber, string? MaskedPan, string? Rrn, string? AuthCode, string? DeclineReason, decimal? Balance);

/// <summary>
/// Card payments at a kiosk: the transaction is stored (pending) before the terminal is asked, so a
/// second tap of the same form (same attempt key) never charges twice; an approved charge is posted
/// with the source <c>kiosk:&lt;terminal&gt;:&lt;transaction&gt;</c> in the transaction that records the
/// approval. Only the masked card number is kept.
/// </summary>
internal sealed class KioskCardPayments(BillingDbContext db, PaymentPosting posting, ConsumerPremises premises, IClock clock, IServiceProvider services, ILogger<KioskCardPayments> log)
{
    public static readonly TimeSpan TerminalTimeout = TimeSpan.FromSeconds(90);

    public ICardTerminal? Terminal => services.GetService<ICardTerminal>();

    public async Task<KioskCardResult?> PayAsync(long terminalId, Guid attemptKey, long consumerId, PayablePremises target, decimal amount, string paymentTarget, string? standInCard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (Terminal is not { } terminal)
            return null;
        var id = (await db.Database.SqlQuery<InsertedRow>($"""
            insert into billing.card_transactions (terminal_id, attempt_key, consumer_id, premises_id, target, amount, state, created_at)
            values ({terminalId}, {attemptKey}, {consumerId}, {target.PremisesId}, {paymentTarget}, {amount}, 'pending', {clock.Now})
            on conflict (terminal_id, attempt_key) do nothing returning id
            """).ToListAsync(cancellationToken)).FirstOrDefault()?.Id ?? 0;
        if (id == 0)
            return await FindAsync(terminalId, attemptKey, consumerId, cancellationToken);

        CardCharge charge;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(TerminalTimeout);
            try
            {
                charge = await terminal.ChargeAsync(terminalId, amount, target.PayerCode, standInCard, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                charge = new CardCharge(CardChargeStatus.TimedOut, null, null, null, null);
            }
        }

        var now = clock.Now;
        if (charge.Status != CardChargeStatus.Approved)
        {
            var state = charge.Status == CardChargeStatus.Declined ? "declined" : "timeout";
            // A terminal's reason may be longer than the column: kept to its first 200 characters, never a failed write.
            var reason = charge.DeclineReason is { Length: > 200 } text ? text[..200] : charge.DeclineReason;
            await db.Database.ExecuteSqlAsync($"""
                update billing.card_transactions set state = {state}, masked_pan = {charge.MaskedPan}, decline_reason = {reason}, completed_at = {now} where id = {id}
                """, cancellationToken);
            return new KioskCardResult(state, amount, null, charge.MaskedPan, null, null, charge.DeclineReason, null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcome = await posting.PostAsync(
            new PaymentRequest($"kiosk:{terminalId}:{id}", PaymentChannels.Kiosk, paymentTarget, target.PayerCode, amount, await clock.TodayAsync(cancellationToken), null, $"kiosk:{terminalId}",
                Note: charge.Rrn is null ? null : $"RRN {charge.Rrn}",
                Resolved: new PaymentReference(target.PayerCode, PaymentReferenceKind.PayerCode, target.PremisesId, null, target.PayerCode)),
            cancellationToken);
        if (outcome.Problem is { } problem)
            log.LogError("Approved card transaction {TransactionId} could not be posted: {Problem}", id, problem);
        var finalState = outcome.Problem is null ? "approved" : "failed";
        await db.Database.ExecuteSqlAsync($"""
            update billing.card_transactions set state = {finalState}, masked_pan = {charge.MaskedPan}, rrn = {charge.Rrn}, auth_code = {charge.AuthCode},
                payment_id = {outcome.PaymentId}, completed_at = {now} where id = {id}
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new KioskCardResult(finalState, amount, outcome.ReceiptNumber, charge.MaskedPan, charge.Rrn, charge.AuthCode, null, await premises.BalanceAsync(target.PremisesId, cancellationToken));
    }

    private async Task<KioskCardResult?> FindAsync(long terminalId, Guid attemptKey, long consumerId, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<CardRow>($"""
            select t.state, t.amount, p.receipt_number, t.masked_pan, t.rrn, t.auth_code, t.decline_reason, t.premises_id
            from billing.card_transactions t left join billing.payments p on p.id = t.payment_id
            where t.terminal_id = {terminalId} and t.attempt_key = {attemptKey} and t.consumer_id = {consumerId}
            """).ToListAsync(cancellationToken);
        if (rows.FirstOrDefault() is not { } r)
            return null;
        return new KioskCardResult(r.State, r.Amount, r.ReceiptNumber, r.MaskedPan, r.Rrn, r.AuthCode, r.DeclineReason, await premises.BalanceAsync(r.PremisesId, cancellationToken));
    }

    private sealed class InsertedRow
    {
        public long Id { get; init; }
    }

    private sealed class CardRow
    {
        public required string State { get; init; }

        public decimal Amount { get; init; }

        public string? ReceiptNumber { get; init; }

        public string? MaskedPan { get; init; }

        public string? Rrn { get; init; }

        public string? AuthCode { get; init; }

        public string? DeclineReason { get; init; }

        public long PremisesId { get; init; }
    }
}
