using PdfSharp.Pdf;

namespace Utilities.Billing.Bills.Pdf;

/// <summary>
/// The printed bill (ЕПД) from its <see cref="BillDocument"/>, in the sections of the form of Приказ
/// Минстроя 43/пр (domain.md, "Charges, recalculation, bills"): payer and bill; payee with its bank
/// details, the QR code and the total; the calculation per service with its explanation; recalculations
/// with reasons; meter readings; debt or advance, payments, penalties, total due; the capital-repair block
/// (a special account with its own payee and QR code); reference data. A4, Russian whatever the screen language.
/// Stateless: fonts and the font resolver are made once per process (<see cref="BillFonts"/>).
/// </summary>
internal sealed class BillPdf : IBillPdfRenderer
{
    private const double QrSize = 92;

    private static readonly BillColumn[] ServiceColumns =
    [
        new(0, 112), new(112, 54), new(166, 46, Right: true), new(212, 30), new(242, 105),
        new(347, 64, Right: true), new(411, 66, Right: true), new(477, BillLayout.Width - 477, Right: true),
    ];

    private static readonly BillColumn[] RecalculationColumns =
        [new(0, 112), new(112, 54), new(166, 76, Right: true), new(242, BillLayout.Width - 242)];

    private static readonly BillColumn[] MeterColumns =
    [
        new(0, 112), new(112, 100), new(212, 64), new(276, 71, Right: true), new(347, 130, Right: true),
        new(477, BillLayout.Width - 477, Right: true),
    ];

    private static readonly BillColumn[] SumColumns = [new(0, 347), new(347, BillLayout.Width - 347, Right: true)];

    public byte[] Render(BillDocument bill)
    {
        using var stream = new MemoryStream(40_000);
        Render(bill, stream);
        return stream.ToArray();
    }

    public void Render(BillDocument bill, Stream output)
    {
        using var document = new PdfDocument();
        document.Info.Title = $"ЕПД {bill.Number} за {BillFormat.Period(bill.Period)}";
        document.Info.Creator = "Utilities settlement centre";
        document.Options.CompressContentStreams = true;
        using (var layout = new BillLayout(document))
        {
            BillSections.Header(layout, bill);
            layout.Heading("Получатель платежа (исполнитель услуг) и реквизиты для оплаты");
            BillSections.Payment(layout, bill, bill.Payee, bill.TotalDue, "Оплата ЖКУ", QrSize);
            Calculation(layout, bill);
            Recalculations(layout, bill);
            Meters(layout, bill);
            Balance(layout, bill);
            BillDebtSections.Write(layout, bill);
            if (bill.RepairFund is { } fund)
                BillSections.RepairFund(layout, bill, fund, QrSize);
            Notes(layout, bill);
            layout.NumberPages();
        }

        document.Save(output, false);
    }

    private static void Calculation(BillLayout w, BillDocument bill)
    {
        w.Heading($"Расчёт размера платы за коммунальные услуги за {BillFormat.Period(bill.Period)}");
        w.Row(ServiceColumns, BillFonts.TableBold, "Вид услуги", "Лицевой счёт", "Объём", "Ед. изм.", "Тариф", "Начислено, ₽", "Перерасчёт, ₽", "Итого, ₽");
        foreach (var s in bill.Services)
        {
            w.Row(ServiceColumns, BillFonts.Table, s.Service, s.AccountNumber, BillFormat.Volume(s.Volume), s.Unit, s.Tariff,
                BillFormat.Amount(s.Charged), BillFormat.Amount(s.Recalculation), BillFormat.Amount(s.Total));
            w.Space(1);
            w.Text($"Исполнитель: {s.Supplier}; {s.Basis}", BillFonts.Small, 8, BillLayout.Width - 8, grey: true);
            foreach (var line in s.Lines)
                w.Text(line, BillFonts.Small, 8, BillLayout.Width - 8, grey: true);
            w.Space(1);
            w.Rule();
        }

        w.Row(ServiceColumns, BillFonts.TableBold, "Всего", string.Empty, string.Empty, string.Empty, string.Empty,
            BillFormat.Amount(bill.Services.Sum(s => s.Charged)), BillFormat.Amount(bill.Services.Sum(s => s.Recalculation)),
            BillFormat.Amount(bill.Services.Sum(s => s.Total)));
    }

    private static void Recalculations(BillLayout w, BillDocument bill)
    {
        if (bill.Recalculations.Count == 0)
            return;
        w.Heading("Сведения о перерасчётах");
        w.Row(RecalculationColumns, BillFonts.TableBold, "Вид услуги", "За период", "Сумма, ₽", "Основание");
        foreach (var r in bill.Recalculations)
            w.Row(RecalculationColumns, BillFonts.Table, r.Service, BillFormat.MonthYear(r.ForPeriod), BillFormat.Amount(r.Amount), r.Reason);
    }

    private static void Meters(BillLayout w, BillDocument bill)
    {
        if (bill.Meters.Count == 0)
            return;
        w.Heading("Показания индивидуальных приборов учёта");
        w.Row(MeterColumns, BillFonts.TableBold, "Вид услуги", "Заводской №", "Шкала", "Предыдущие", "Текущие", "Расход");
        foreach (var m in bill.Meters)
            w.Row(MeterColumns, BillFonts.Table, m.Service, m.Serial, m.Register, BillFormat.Volume(m.Opening), BillFormat.Volume(m.Closing), BillFormat.Volume(m.Volume));
    }

    private static void Balance(BillLayout w, BillDocument bill)
    {
        w.Heading("Задолженность, оплата, пени и сумма к оплате");
        var start = BillFormat.Date(bill.Period);
        w.Row(SumColumns, BillFonts.Table, bill.OpeningBalance < 0 ? $"Аванс на {start}" : $"Задолженность на {start}", BillFormat.Money(Math.Abs(bill.OpeningBalance)));
        w.Row(SumColumns, BillFonts.Table, $"Начислено за {BillFormat.Period(bill.Period)} с перерасчётами", BillFormat.Money(bill.Services.Sum(s => s.Total)));
        var counted = bill.PaymentsCountedUpTo is { } upTo ? $"Оплачено (учтены платежи по {BillFormat.Date(upTo)})" : "Оплачено";
        w.Row(SumColumns, BillFonts.Table, counted, BillFormat.Money(bill.Payments));
        w.Row(SumColumns, BillFonts.Table, "Пени", BillFormat.Money(bill.Penalties));
        w.Row(SumColumns, BillFonts.TableBold, $"Итого к оплате до {BillFormat.Date(bill.DueDate)}", BillSections.Due(bill.TotalDue));
    }

    private static void Notes(BillLayout w, BillDocument bill)
    {
        if (bill.Notes.Count == 0)
            return;
        w.Heading("Справочная информация");
        foreach (var note in bill.Notes)
            w.Text(note, BillFonts.Small);
    }
}
