using System.Text;
using QRCoder;

namespace Utilities.Billing.Bills.Pdf;

/// <summary>
/// The payment QR code of ГОСТ Р 56042-2014 (ST00012, UTF-8) for a payee and an amount: the bank's app
/// reads the payee's details, the payer code and the sum from it (domain.md, "Charges, recalculation, bills").
/// </summary>
internal static class BillQrCode
{
    // QRCoder's limits from the standard: names to 160 characters, the bank's name to 45.
    private const int NameLength = 160;
    private const int BankNameLength = 45;

    /// <param name="amount">Due; zero or less leaves <c>Sum</c> out and the payer types the amount.</param>
    public static string Payload(BillPayee payee, decimal amount, string purpose, BillPayer payer, DateOnly period)
    {
        var fields = new PayloadGenerator.RussiaPaymentOrder.OptionalFields
        {
            Sum = amount > 0 ? BillFormat.Kopecks(amount) : null,
            Purpose = Clip(purpose, NameLength),
            PayeeINN = payee.Inn,
            KPP = payee.Kpp,
            PersAcc = payer.PayerCode,
            PaymPeriod = period.ToString("MMyyyy", System.Globalization.CultureInfo.InvariantCulture),
            PayerAddress = payer.Address,
        };
        var order = new PayloadGenerator.RussiaPaymentOrder(
            Clip(payee.Name, NameLength), payee.SettlementAccount, Clip(payee.BankName, BankNameLength), payee.Bic, payee.CorrespondentAccount, fields);
        var payload = order.ToString();

        // QRCoder 1.8.1 writes the TechCode enum by its member name ("TechCode=Коммунальные_услуги_ЖКХAFN");
        // the standard wants the two digits: append it ourselves before the closing separator.
        var separator = payload[^1];
        return string.Concat(payload, "TechCode=02", separator.ToString());
    }

    /// <summary>The modules (quiet zone included): error correction M, the payload's UTF-8 bytes in byte mode without an ECI header (the header "ST00012" names the encoding).</summary>
    public static QRCodeData Encode(string payload) => QRCodeGenerator.GenerateQrCode(Encoding.UTF8.GetBytes(payload), QRCodeGenerator.ECCLevel.M);

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
