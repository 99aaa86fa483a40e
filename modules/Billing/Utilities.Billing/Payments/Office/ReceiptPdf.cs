using PdfSharp.Pdf;
using Utilities.Billing.Bills.Pdf;

namespace Utilities.Billing.Payments.Office;

/// <summary>What a receipt prints: the payment, who took it and how it was split.</summary>
internal sealed record Receipt(
    string Number,
    DateOnly PaidOn,
    DateTimeOffset ReceivedAt,
    string Channel,
    string Payee,
    string PayeeInn,
    string PayerCode,
    string Payer,
    string Address,
    decimal Amount,
    string? ForPeriod,
    string RecordedBy,
    IReadOnlyList<(string Line, decimal Amount)> Split);

/// <summary>A payment receipt printed at the office (A5-sized content on A4), Russian, with the same fonts as the bill.</summary>
internal static class ReceiptPdf
{
    private static readonly BillColumn[] Columns = [new(0, 360), new(360, BillLayout.Width - 360, Right: true)];

    public static byte[] Render(Receipt receipt)
    {
        using var stream = new MemoryStream(20_000);
        using (var document = new PdfDocument())
        {
            document.Info.Title = $"Квитанция об оплате {receipt.Number}";
            document.Info.Creator = "Utilities settlement centre";
            using (var layout = new BillLayout(document))
            {
                layout.Text($"Квитанция об оплате № {receipt.Number}", BillFonts.Title);
                layout.Space(4);
                layout.Text($"{receipt.Payee}, ИНН {receipt.PayeeInn}", BillFonts.Text);
                layout.Space(6);
                layout.Row(Columns, BillFonts.Table, "Дата оплаты", BillFormat.Date(receipt.PaidOn));
                layout.Row(Columns, BillFonts.Table, "Плательщик", receipt.Payer);
                layout.Row(Columns, BillFonts.Table, "Адрес", receipt.Address);
                layout.Row(Columns, BillFonts.Table, "Единый лицевой счёт (ЕЛС)", receipt.PayerCode);
                if (receipt.ForPeriod is not null)
                    layout.Row(Columns, BillFonts.Table, "Оплачиваемый период", receipt.ForPeriod);
                layout.Row(Columns, BillFonts.Table, "Способ", receipt.Channel);
                layout.Heading("Распределение оплаты");
                foreach (var (line, amount) in receipt.Split)
                    layout.Row(Columns, BillFonts.Table, line, BillFormat.Money(amount));
                layout.Space(4);
                layout.Row(Columns, BillFonts.TableBold, "Принято", BillFormat.Money(receipt.Amount));
                layout.Space(10);
                layout.Text($"Принял: {receipt.RecordedBy}", BillFonts.Text);
            }

            document.Save(stream);
        }

        return stream.ToArray();
    }
}
