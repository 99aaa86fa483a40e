namespace Utilities.Billing.Bills.Pdf;

/// <summary>The bill's penalty block (by service) and the instalment schedule (form 43/пр: penalties; instalments).</summary>
internal static class BillDebtSections
{
    private static readonly BillColumn[] Columns = [new(0, 242), new(242, 105), new(347, BillLayout.Width - 347, Right: true)];

    public static void Write(BillLayout w, BillDocument bill)
    {
        if (bill.PenaltyLines.Count > 0)
        {
            w.Heading($"Пени за {BillFormat.Period(bill.Period)} (ч. 14 ст. 155 ЖК РФ)");
            w.Row(Columns, BillFonts.TableBold, "Вид услуги", "Лицевой счёт", "Сумма, ₽");
            foreach (var p in bill.PenaltyLines)
                w.Row(Columns, BillFonts.Table, p.Service, p.AccountNumber, BillFormat.Amount(p.Amount));
        }

        if (bill.Instalments.Count > 0)
        {
            w.Heading("График рассрочки (п. 72 Правил 354)");
            w.Row(Columns, BillFonts.TableBold, "Вид услуги", "Месяц", "Сумма, ₽");
            foreach (var p in bill.Instalments)
            {
                var month = p.Month == bill.Period ? BillFormat.MonthYear(p.Month) + " (к оплате)" : BillFormat.MonthYear(p.Month);
                w.Row(Columns, BillFonts.Table, p.Service, month, BillFormat.Amount(p.Amount));
            }
        }
    }
}
