using Microsoft.AspNetCore.Http;

namespace Utilities.Billing.Payments.Online;

/// <summary>What we ask a payment provider (acquirer) to collect: the consumer is sent to <see cref="ProviderPayment.RedirectUrl"/>.</summary>
/// <param name="ReturnUrl">Where the provider sends the browser back when the consumer is done.</param>
/// <param name="CallbackUrl">Where the provider posts its signed notice of the outcome.</param>
internal sealed record ProviderPaymentRequest(Guid OrderId, decimal Amount, string Description, Uri ReturnUrl, Uri CallbackUrl);

internal sealed record ProviderPayment(string ProviderPaymentId, Uri RedirectUrl);

internal enum PaymentNoticeStatus
{
    Succeeded,
    Declined,
}

/// <summary>The provider's notice of a payment's outcome, read from a callback whose signature was verified.</summary>
internal sealed record PaymentNotice(string ProviderPaymentId, Guid OrderId, decimal Amount, PaymentNoticeStatus Status, string? DeclineReason);

/// <summary>
/// A payment provider's adapter: creates a payment (the redirect), and reads its callbacks, which
/// only the provider can sign. A real acquirer's adapter implements the same two calls.
/// </summary>
internal interface IPaymentProvider
{
    /// <summary>Stored with each order (<c>billing.payment_orders.provider</c>).</summary>
    string Name { get; }

    Task<ProviderPayment> CreateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken);

    /// <summary>The notice in a callback, or null when its signature is wrong or missing or the body is not a notice.</summary>
    PaymentNotice? ReadCallback(ReadOnlySpan<byte> body, IHeaderDictionary headers);
}
