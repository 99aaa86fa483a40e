namespace Utilities.Billing.Payments.Kiosk;

/// <summary>What a card terminal answers: approved (with the bank's reference number and authorisation code), declined, or no answer in time.</summary>
/// <param name="MaskedPan">The card number as printed on slips (first 6, last 4); the full number never leaves the terminal.</param>
internal sealed record CardCharge(CardChargeStatus Status, string? Rrn, string? AuthCode, string? MaskedPan, string? DeclineReason);

internal enum CardChargeStatus
{
    Approved,
    Declined,
    TimedOut,
}

/// <summary>
/// The card terminal (POS) beside a kiosk. <paramref name="reference"/> is what the slip names; the stand-in
/// device reads <paramref name="standInCard"/> (typed on its on-screen panel), a real one the card inserted.
/// </summary>
internal interface ICardTerminal
{
    /// <summary>True for the stand-in device: the kiosk page shows its panel of test cards.</summary>
    bool IsStandIn { get; }

    Task<CardCharge> ChargeAsync(long terminalId, decimal amount, string reference, string? standInCard, CancellationToken cancellationToken);
}
