using System.Globalization;
using System.Security.Cryptography;

namespace Utilities.Billing.Payments.Kiosk;

/// <summary>
/// The stand-in card terminal (Development and tests): approves cards that pass the Luhn check,
/// declines 4000 0000 0000 0002 (insufficient funds) and an invalid number, and answers nothing
/// (a time-out) for 4000 0000 0000 0119.
/// </summary>
internal sealed class StandInCardTerminal : ICardTerminal
{
    public const string DeclinedCard = "4000000000000002";
    public const string TimeoutCard = "4000000000000119";

    public bool IsStandIn => true;

    public Task<CardCharge> ChargeAsync(long terminalId, decimal amount, string reference, string? standInCard, CancellationToken cancellationToken)
    {
        var pan = Digits(standInCard);
        var masked = pan.Length is >= 12 and <= 19 ? Mask(pan) : null; // card numbers have 12–19 digits
        CardCharge charge;
        if (pan == TimeoutCard)
            charge = new CardCharge(CardChargeStatus.TimedOut, null, null, masked, null);
        else if (pan == DeclinedCard)
            charge = new CardCharge(CardChargeStatus.Declined, null, null, masked, "insufficient funds");
        else if (!Luhn(pan))
            charge = new CardCharge(CardChargeStatus.Declined, null, null, masked, "invalid card");
        else
            charge = new CardCharge(CardChargeStatus.Approved, RandomNumberGenerator.GetInt32(0, 1_000_000_000).ToString("D12", CultureInfo.InvariantCulture),
                RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture), masked, null);
        return Task.FromResult(charge);
    }

    public static string Digits(string? text) => new((text ?? string.Empty).Where(char.IsAsciiDigit).ToArray());

    /// <summary>First six and last four digits, the rest hidden (PCI DSS: a shown card number at most).</summary>
    public static string Mask(string pan) => pan[..6] + new string('*', pan.Length - 10) + pan[^4..];

    public static bool Luhn(string pan)
    {
        if (pan.Length is < 12 or > 19)
            return false;
        var sum = 0;
        for (var i = 0; i < pan.Length; i++)
        {
            var d = pan[pan.Length - 1 - i] - '0';
            if (i % 2 == 1)
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }

        return sum % 10 == 0;
    }
}
