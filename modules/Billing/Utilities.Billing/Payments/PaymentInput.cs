using Utilities.Billing.Data;
using Utilities.Platform.Input;

namespace Utilities.Billing.Payments;

/// <summary>
/// The pay forms' amount and target as typed (cabinet and kiosk): parsed like every amount of the
/// system ("1 234,56" or "1234.56") and checked by the same rules as posting
/// (<see cref="PaymentPosting.Check"/>), so a bad amount is refused before anything is stored.
/// </summary>
internal static class PaymentInput
{
    /// <summary>The amount, or the <see cref="Resources.PaymentText"/> key of the message why not.</summary>
    public static (decimal Amount, string? Error) Read(string? amountText, string? target, DateOnly today)
    {
        if (DecimalInput.Parse(amountText) is not { } amount)
            return (0, string.IsNullOrWhiteSpace(amountText) ? "Pay_AmountRequired" : "Pay_AmountInvalid");
        var probe = new PaymentRequest("probe", PaymentChannels.Online, target ?? string.Empty, "probe", amount, today, null, "probe");
        return PaymentPosting.Check(probe, today) switch
        {
            null => (amount, null),
            PaymentProblem.AmountNotPositive => (0, "Pay_AmountNotPositive"),
            PaymentProblem.AmountTooLarge => (0, "Pay_AmountTooLarge"),
            PaymentProblem.AmountFractionalKopecks => (0, "Pay_AmountKopecks"),
            PaymentProblem.UnknownTarget => (0, "Pay_TargetInvalid"),
            _ => (0, "Pay_AmountInvalid"),
        };
    }

    public static string TargetOrDefault(string? target) => target is PaymentTargets.RepairFund ? PaymentTargets.RepairFund : PaymentTargets.Bill;
}
