using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Utilities.Billing.Data;
using Utilities.Contracts;
using Utilities.Platform.Time;

namespace Utilities.Billing.Payments.Online;

internal static class OrderStates
{
    public const string Created = "created";
    public const string Paid = "paid";
    public const string Declined = "declined";
    public const string Expired = "expired";
    public const string Failed = "failed";
}

/// <summary>A row of <c>billing.payment_orders</c> (read with raw SQL: the module's DbContext stays as it is), with the receipt of its payment.</summary>
internal sealed class PaymentOrder
{
    public Guid Id { get; init; }

    public long ConsumerId { get; init; }

    public long PremisesId { get; init; }

    public required string PayerCode { get; init; }

    public required string Target { get; init; }

    public decimal Amount { get; init; }

    public required string Provider { get; init; }

    public string? ProviderPaymentId { get; init; }

    public required string State { get; init; }

    public string? DeclineReason { get; init; }

    public long? PaymentId { get; init; }

    public string? ReceiptNumber { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }
}

internal enum CallbackResult
{
    /// <summary>The notice completed the order (paid: the payment is posted; declined: nothing posted).</summary>
    Applied,

    /// <summary>The order was completed by this notice before (a duplicated callback): nothing changes.</summary>
    AlreadyApplied,

    UnknownOrder,

    /// <summary>The notice's payment id or amount is not the order's: refused, nothing stored.</summary>
    Mismatch,

    /// <summary>The notice contradicts the order's outcome (declined after paid): refused, nothing changes.</summary>
    Conflict,
}

/// <summary>
/// Online payments of the cabinet: an order is stored before the consumer is sent to the provider;
/// the provider's callback completes it exactly once. The payment is posted with the source
/// <c>online:&lt;provider payment id&gt;</c>, in the transaction that marks the order paid, while
/// the order's row is locked: duplicated or concurrent callbacks post one payment.
/// </summary>
internal sealed class PaymentOrders(BillingDbContext db, PaymentPosting posting, IClock clock, IServiceProvider services, ILogger<PaymentOrders> log)
{
    // Raw rows map to properties by the snake_case names the module's conventions give them.
    private const string Columns = """
        o.id, o.consumer_id, o.premises_id, o.payer_code, o.target, o.amount, o.provider, o.provider_payment_id, o.state,
        o.decline_reason, o.payment_id, p.receipt_number, o.created_at, o.completed_at
        """;

    public bool Available => services.GetService<IPaymentProvider>() is not null;

    /// <summary>Stores the order and asks the provider for the payment; null when no provider is configured or it cannot be reached (the order is then failed).</summary>
    public async Task<Uri?> CreateAsync(long consumerId, PayablePremises premises, decimal amount, string target, Uri baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(premises);
        if (services.GetService<IPaymentProvider>() is not { } provider)
            return null;
        var id = Guid.CreateVersion7();
        await db.Database.ExecuteSqlAsync($"""
            insert into billing.payment_orders (id, consumer_id, premises_id, payer_code, target, amount, provider, state, created_at)
            values ({id}, {consumerId}, {premises.PremisesId}, {premises.PayerCode}, {target}, {amount}, {provider.Name}, {OrderStates.Created}, {clock.Now})
            """, cancellationToken);
        try
        {
            var payment = await provider.CreateAsync(
                new ProviderPaymentRequest(id, amount, premises.PayerCode, new Uri(baseUrl, $"/cabinet/payments/return/{id}"), new Uri(baseUrl, PaymentCallbackEndpoint.Route)),
                cancellationToken);
            await db.Database.ExecuteSqlAsync($"update billing.payment_orders set provider_payment_id = {payment.ProviderPaymentId} where id = {id}", cancellationToken);
            return payment.RedirectUrl;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            log.LogWarning(e, "Payment provider {Provider} refused or did not answer order {OrderId}", provider.Name, id);
            await db.Database.ExecuteSqlAsync($"update billing.payment_orders set state = {OrderStates.Failed}, completed_at = {clock.Now} where id = {id}", cancellationToken);
            return null;
        }
    }

    /// <summary>The consumer's own order, or null (another consumer's order is "not found").</summary>
    public async Task<PaymentOrder?> FindAsync(long consumerId, Guid orderId, CancellationToken cancellationToken) =>
        (await db.Database.SqlQueryRaw<PaymentOrder>(
            $"select {Columns} from billing.payment_orders o left join billing.payments p on p.id = o.payment_id where o.id = @p0 and o.consumer_id = @p1",
            new Npgsql.NpgsqlParameter("p0", orderId), new Npgsql.NpgsqlParameter("p1", consumerId)).ToListAsync(cancellationToken)).FirstOrDefault();

    public async Task<CallbackResult> CompleteAsync(PaymentNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = (await db.Database.SqlQueryRaw<PaymentOrder>(
            $"select {Columns} from billing.payment_orders o left join billing.payments p on p.id = o.payment_id where o.id = @p0 for update of o",
            new Npgsql.NpgsqlParameter("p0", notice.OrderId)).ToListAsync(cancellationToken)).FirstOrDefault();
        if (order is null)
            return CallbackResult.UnknownOrder;
        if (order.ProviderPaymentId is null && order.State == OrderStates.Created && order.Amount == notice.Amount && notice.ProviderPaymentId is { Length: > 0 and <= 100 })
        {
            // The signed callback came before the provider's answer to the order's creation was stored (a fast acquirer, or
            // our process died in between): the callback names the payment, and the order takes its id.
            await db.Database.ExecuteSqlAsync($"update billing.payment_orders set provider_payment_id = {notice.ProviderPaymentId} where id = {order.Id}", cancellationToken);
            log.LogInformation("Order {OrderId} learned its provider payment {ProviderPaymentId} from the callback", order.Id, notice.ProviderPaymentId);
        }
        else if (!string.Equals(order.ProviderPaymentId, notice.ProviderPaymentId, StringComparison.Ordinal) || order.Amount != notice.Amount)
        {
            log.LogWarning("Callback for order {OrderId} names payment {ProviderPaymentId} of {Amount}, the order expects {Expected} of {ExpectedAmount}: refused",
                order.Id, notice.ProviderPaymentId, notice.Amount, order.ProviderPaymentId, order.Amount);
            return CallbackResult.Mismatch;
        }

        var succeeded = notice.Status == PaymentNoticeStatus.Succeeded;
        switch (order.State)
        {
            case OrderStates.Paid or OrderStates.Failed when succeeded:
            case OrderStates.Declined when !succeeded:
                return CallbackResult.AlreadyApplied;
            case OrderStates.Paid or OrderStates.Declined or OrderStates.Failed:
                log.LogError("Callback for order {OrderId} says {Status} but the order is {State}: refused", order.Id, notice.Status, order.State);
                return CallbackResult.Conflict;
        }

        var now = clock.Now;
        if (!succeeded)
        {
            var reason = notice.DeclineReason is { Length: > 200 } r ? r[..200] : notice.DeclineReason;
            await db.Database.ExecuteSqlAsync($"update billing.payment_orders set state = {OrderStates.Declined}, decline_reason = {reason}, completed_at = {now} where id = {order.Id}", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return CallbackResult.Applied;
        }

        // A late callback (even for an order the consumer gave up on) is money the acquirer took: it is posted.
        var outcome = await posting.PostAsync(
            new PaymentRequest($"online:{notice.ProviderPaymentId}", PaymentChannels.Online, order.Target, order.PayerCode, order.Amount,
                await clock.TodayAsync(cancellationToken), null, $"online:{order.Provider}",
                Resolved: new PaymentReference(order.PayerCode, PaymentReferenceKind.PayerCode, order.PremisesId, null, order.PayerCode)),
            cancellationToken);
        if (outcome.Problem is { } problem)
        {
            log.LogError("Paid order {OrderId} could not be posted: {Problem}", order.Id, problem);
            await db.Database.ExecuteSqlAsync($"update billing.payment_orders set state = {OrderStates.Failed}, decline_reason = {problem.ToString()}, completed_at = {now} where id = {order.Id}", cancellationToken);
        }
        else
        {
            await db.Database.ExecuteSqlAsync($"update billing.payment_orders set state = {OrderStates.Paid}, payment_id = {outcome.PaymentId}, completed_at = {now} where id = {order.Id}", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return CallbackResult.Applied;
    }
}
