namespace Utilities.Billing.Bills.Pdf;

/// <summary>The banded sections of the bill: the header, and the payee blocks with a QR code beside them.</summary>
internal static class BillSections
{
    private const double Gap = 10;

    /// <summary>"4 321,09 ₽"; nothing due: "0,00 ₽ (аванс 120,00 ₽)" when the account is paid ahead.</summary>
    public static string Due(decimal total) =>
        total > 0 ? BillFormat.Money(total) : total < 0 ? $"{BillFormat.Money(0)} (аванс {BillFormat.Money(-total)})" : BillFormat.Money(0);

    public static void Header(BillLayout w, BillDocument bill)
    {
        w.Ensure(BillLayout.LineHeight(BillFonts.Title));
        w.TextAt("ЕДИНЫЙ ПЛАТЁЖНЫЙ ДОКУМЕНТ", BillFonts.Title, 0, w.Y, BillLayout.Width);
        w.TextAt($"№ {bill.Number} от {BillFormat.Date(bill.IssuedOn)}", BillFonts.TextBold, 330, w.Y + 3, BillLayout.Width - 330);
        w.Y += BillLayout.LineHeight(BillFonts.Title);
        w.Text($"для внесения платы за коммунальные услуги за {BillFormat.Period(bill.Period)} · оплатить до {BillFormat.Date(bill.DueDate)}", BillFonts.Text);

        w.Heading("Сведения о плательщике");
        var p = bill.Payer;
        var top = w.Y;
        var left = w.TextAt($"Плательщик: {p.FullName}", BillFonts.TextBold, 0, top, 330);
        left += w.TextAt($"Адрес: {p.Address}", BillFonts.Text, 0, top + left, 330);
        left += w.TextAt($"Код плательщика (ЕЛС): {p.PayerCode}", BillFonts.TextBold, 0, top + left, 330);
        var right = w.TextAt($"Расчётный период: {BillFormat.Period(bill.Period)}", BillFonts.Text, 340, top, BillLayout.Width - 340);
        right += w.TextAt($"Общая площадь: {BillFormat.Number(p.Area)} м²", BillFonts.Text, 340, top + right, BillLayout.Width - 340);
        right += w.TextAt($"Проживает: {p.Residents} чел.", BillFonts.Text, 340, top + right, BillLayout.Width - 340);
        w.Y = top + Math.Max(left, right);
    }

    /// <summary>The payee with its bank details on the left, the QR code for <paramref name="amount"/> on the right, the sum due under the details.</summary>
    public static void Payment(BillLayout w, BillDocument bill, BillPayee payee, decimal amount, string purpose, double qrSize)
    {
        var payload = BillQrCode.Payload(payee, amount, $"{purpose} за {BillFormat.MonthYear(bill.Period)}, ЕЛС {bill.Payer.PayerCode}", bill.Payer, bill.Period);
        var code = BillQrCode.Encode(payload);
        w.Ensure(qrSize + Gap);
        var top = w.Y;
        var width = BillLayout.Width - qrSize - Gap;
        var h = w.TextAt(payee.Name, BillFonts.TextBold, 0, top, width);
        h += w.TextAt($"ИНН {payee.Inn}" + (payee.Kpp is null ? string.Empty : $", КПП {payee.Kpp}"), BillFonts.Text, 0, top + h, width);
        h += w.TextAt($"Р/с {payee.SettlementAccount} в {payee.BankName}", BillFonts.Text, 0, top + h, width);
        h += w.TextAt($"БИК {payee.Bic}, к/с {payee.CorrespondentAccount}", BillFonts.Text, 0, top + h, width);
        if (payee.Contacts is { Length: > 0 } contacts)
            h += w.TextAt(contacts, BillFonts.Text, 0, top + h, width);
        h += 4;
        h += w.TextAt($"Итого к оплате за {BillFormat.Period(bill.Period)}: {Due(amount)}", BillFonts.Total, 0, top + h, width);
        h += w.TextAt($"Оплатить до {BillFormat.Date(bill.DueDate)}. Назначение платежа: {purpose} за {BillFormat.MonthYear(bill.Period)}, ЕЛС {bill.Payer.PayerCode}", BillFonts.Text, 0, top + h, width);
        w.QrCode(code, BillLayout.Width - qrSize, top, qrSize);
        w.Y = top + Math.Max(h, qrSize) + 2;
    }

    public static void RepairFund(BillLayout w, BillDocument bill, BillRepairFundBlock fund, double qrSize)
    {
        w.Heading(fund.Payee is null ? "Взнос на капитальный ремонт (счёт регионального оператора)" : "Взнос на капитальный ремонт (специальный счёт дома)");
        w.Text($"Минимальный взнос {BillFormat.Money(fund.RatePerM2)} за м² × {BillFormat.Number(fund.Area)} м²: начислено {BillFormat.Money(fund.Charged)}, "
            + $"перерасчёт {BillFormat.Money(fund.Recalculation)}, пени {BillFormat.Money(fund.Penalties)}, итого {BillFormat.Money(fund.Total)}", BillFonts.Text);
        w.Space(3);
        if (fund.Payee is { } payee)
            Payment(w, bill, payee, fund.Total, "Взнос на капитальный ремонт", qrSize);
        else
            w.Text("Реквизиты для оплаты: получатель платежа выше.", BillFonts.Text);
    }
}
