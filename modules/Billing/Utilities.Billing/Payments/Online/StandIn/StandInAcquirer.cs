using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Utilities.Billing.Payments.Online.StandIn;

/// <summary>A payment the stand-in acquirer holds (in memory: it stands for another company's system).</summary>
internal sealed record StandInPayment(string Id, Guid OrderId, decimal Amount, string Description, Uri ReturnUrl, Uri CallbackUrl)
{
    public bool Completed { get; set; }
}

/// <summary>The body of the stand-in's callback; a real acquirer has its own format and its adapter reads it.</summary>
internal sealed record StandInNotice(
    [property: JsonPropertyName("payment_id")] string PaymentId,
    [property: JsonPropertyName("order_id")] Guid OrderId,
    [property: JsonPropertyName("amount")] string Amount,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason")] string? Reason);

/// <summary>
/// The local stand-in acquirer (Development and tests): a payment is a page of our own host
/// (<c>/stand-in/acquirer/{id}</c>) with a card form; its outcome is posted to the callback URL,
/// signed with HMAC-SHA256 (<c>X-Signature</c>), like a real acquirer's.
/// </summary>
internal sealed class StandInAcquirer(StandInOptions options) : IPaymentProvider
{
    public const string HeaderName = "X-Signature";

    private readonly ConcurrentDictionary<string, StandInPayment> _payments = new(StringComparer.Ordinal);

    public string Name => "stand-in";

    public Task<ProviderPayment> CreateAsync(ProviderPaymentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = "sa_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        _payments[id] = new StandInPayment(id, request.OrderId, request.Amount, request.Description, request.ReturnUrl, request.CallbackUrl);
        return Task.FromResult(new ProviderPayment(id, new Uri(request.ReturnUrl, $"/stand-in/acquirer/{id}")));
    }

    public StandInPayment? Find(string? id) => id is null ? null : _payments.GetValueOrDefault(id);

    public byte[] Notice(StandInPayment payment, bool approved, string? reason) =>
        JsonSerializer.SerializeToUtf8Bytes(new StandInNotice(payment.Id, payment.OrderId, payment.Amount.ToString("0.00", CultureInfo.InvariantCulture), "RUB",
            approved ? "succeeded" : "declined", reason));

    public string Sign(byte[] body) => CallbackSignature.Sign(body, options.Secret);

    public PaymentNotice? ReadCallback(ReadOnlySpan<byte> body, IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!CallbackSignature.IsValid(body, headers[HeaderName].ToString(), options.Secret))
            return null;
        try
        {
            var notice = JsonSerializer.Deserialize<StandInNotice>(body);
            if (notice is null || string.IsNullOrEmpty(notice.PaymentId) || notice.Currency != "RUB"
                || !decimal.TryParse(notice.Amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
                return null;
            PaymentNoticeStatus? status = notice.Status switch
            {
                "succeeded" => PaymentNoticeStatus.Succeeded,
                "declined" => PaymentNoticeStatus.Declined,
                _ => null,
            };
            return status is null ? null : new PaymentNotice(notice.PaymentId, notice.OrderId, amount, status.Value, notice.Reason);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
