using UglyToad.PdfPig;
using Utilities.Billing.Bills;
using Utilities.Billing.Bills.Pdf;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// The printed bill (ЕПД, Приказ Минстроя 43/пр): a realistic November bill of a flat on ул. Озёрная with
/// two-zone electricity (a late October reading across the tariff change of 01.10), cold water, heating by
/// formula 3 and a capital-repair special account, read back with PdfPig and its two QR codes decoded.
/// No database: the PDF is made from the stored bill alone.
/// </summary>
public sealed class BillPdfTests
{
    private const string CentreName = "МУП «Единый расчётный центр г. Новоозёрска»";
    private const string FundName = "ТСЖ «Озёрная, 7» (специальный счёт)";
    private const string LateReading = "Показания за октябрь переданы после закрытия периода: начисление по среднему заменено начислением по показаниям";

    private static readonly BillPdf Pdf = new();

    [Fact]
    public void November_bill_prints_every_section_with_Yo_and_rouble_sign_under_100_KB()
    {
        var bytes = Pdf.Render(Bill());
        Dump("bill", bytes);

        Assert.True(bytes.Length <= 100_000, $"the bill is {bytes.Length} bytes");
        var text = Text(bytes);
        Assert.Contains("Семёнов Пётр Фёдорович", text);
        Assert.Contains("г. Новоозёрск, ул. Озёрная, д. 7, кв. 12", text);
        Assert.Contains("Код плательщика (ЕЛС): 69НЗ0000123", text);
        Assert.Contains("№ 2026-11/69НЗ-000123 от 01.12.2026", text);
        Assert.Contains("за ноябрь 2026", text);
        Assert.Contains("оплатить до 15.12.2026", text);
        Assert.Contains("Итого к оплате за ноябрь 2026: 3 733,08 ₽", text);
        Assert.Contains("Итого к оплате до 15.12.2026 3 733,08 ₽", text);
        Assert.Contains("1 266,33", text);
        Assert.Contains("2 097,70", text);
        Assert.Contains("Всего 3 635,26 85,45 3 720,71", text);
        Assert.Contains(LateReading, text);
        Assert.Contains("Задолженность на 01.11.2026 1 520,40 ₽", text);
        Assert.Contains("Оплачено (учтены платежи по 25.11.2026) 1 520,40 ₽", text);
        Assert.Contains("Пени 12,37 ₽", text);
        Assert.Contains("Итого к оплате за ноябрь 2026: 678,75 ₽", text);
        Assert.Contains("12 345 12 497 152", text);
        foreach (var heading in Headings)
            Assert.Contains(heading, text);
        Assert.True(Array.ConvertAll(Headings, h => text.IndexOf(h, StringComparison.Ordinal)).SequenceEqual(Array.ConvertAll(Headings, h => text.IndexOf(h, StringComparison.Ordinal)).Order()),
            "the sections are in the order of the form");
    }

    [Fact]
    public void QR_codes_carry_the_GOST_56042_payment_details_of_the_centre_and_of_the_special_account()
    {
        using var pdf = PdfDocument.Open(Pdf.Render(Bill()));
        var codes = pdf.GetPages().SelectMany(PdfQrCodes.Decode).ToList();

        Assert.Equal(2, codes.Count);
        Assert.StartsWith("ST00012|", codes[0], StringComparison.Ordinal);
        var main = PdfQrCodes.Fields(codes[0]);
        Assert.Equal(CentreName, main["Name"]);
        Assert.Equal("40702810100000000011", main["PersonalAcc"]);
        Assert.Equal("ПАО «Банк Новоозёрский»", main["BankName"]);
        Assert.Equal("042809001", main["BIC"]);
        Assert.Equal("30101810100000000001", main["CorrespAcc"]);
        Assert.Equal("373308", main["Sum"]);
        Assert.Equal("6901000011", main["PayeeINN"]);
        Assert.Equal("690101001", main["KPP"]);
        Assert.Equal("69НЗ0000123", main["PersAcc"]);
        Assert.Equal("112026", main["PaymPeriod"]);
        Assert.Equal("02", main["TechCode"]);
        Assert.Equal("Оплата ЖКУ за 11.2026, ЕЛС 69НЗ0000123", main["Purpose"]);
        Assert.Equal("г. Новоозёрск, ул. Озёрная, д. 7, кв. 12", main["PayerAddress"]);

        var fund = PdfQrCodes.Fields(codes[1]);
        Assert.Equal(FundName, fund["Name"]);
        Assert.Equal("40705810200000000777", fund["PersonalAcc"]);
        Assert.Equal("044525225", fund["BIC"]);
        Assert.Equal("67875", fund["Sum"]);
        Assert.Equal("69НЗ0000123", fund["PersAcc"]);
        Assert.Equal("02", fund["TechCode"]);
    }

    [Fact]
    public void Bill_paid_ahead_asks_for_nothing_and_its_QR_code_has_no_sum()
    {
        var bytes = Pdf.Render(Bill() with { Payments = 5_373.48m, PaymentsCountedUpTo = new DateOnly(2026, 11, 28), TotalDue = -120.00m, RepairFund = null });

        var text = Text(bytes);
        Assert.Contains("Итого к оплате за ноябрь 2026: 0,00 ₽ (аванс 120,00 ₽)", text);
        using var pdf = PdfDocument.Open(bytes);
        var main = PdfQrCodes.Fields(Assert.Single(pdf.GetPages().SelectMany(PdfQrCodes.Decode)));
        Assert.False(main.ContainsKey("Sum"));
        Assert.Equal("69НЗ0000123", main["PersAcc"]);
    }

    [Fact]
    public void Long_bill_continues_on_a_numbered_second_page()
    {
        var bill = Bill();
        var many = Enumerable.Range(1, 14).Select(i => bill.Services[i % 3] with { AccountNumber = $"10002{i:00}" }).ToList();
        var bytes = Pdf.Render(bill with { Services = many });
        Dump("bill-long", bytes);

        Assert.True(bytes.Length <= 100_000, $"the bill is {bytes.Length} bytes");
        using var pdf = PdfDocument.Open(bytes);
        Assert.Equal(2, pdf.NumberOfPages);
        var text = Text(bytes);
        Assert.Contains("Стр. 1 из 2", text);
        Assert.Contains("Стр. 2 из 2", text);
        Assert.Contains("1000214", text);
        Assert.Contains("Справочная информация", text);
    }

    private static readonly string[] Headings =
    [
        "Сведения о плательщике",
        "Получатель платежа (исполнитель услуг) и реквизиты для оплаты",
        "Расчёт размера платы за коммунальные услуги за ноябрь 2026",
        "Сведения о перерасчётах",
        "Показания индивидуальных приборов учёта",
        "Задолженность, оплата, пени и сумма к оплате",
        "Взнос на капитальный ремонт (специальный счёт дома)",
        "Справочная информация",
    ];

    private static string Text(byte[] bytes)
    {
        using var pdf = PdfDocument.Open(bytes);
        return string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)).Replace('\u00A0', ' ');
    }

    private static void Dump(string name, byte[] bytes)
    {
        if (Environment.GetEnvironmentVariable("UTILITIES_TEST_PDF_DUMP") is { Length: > 0 } dump)
            File.WriteAllBytes(Path.Combine(dump, $"{name}-{Guid.NewGuid():N}.pdf"), bytes); // to look at them (pdftoppm)
    }

    private static BillDocument Bill() => new()
    {
        Number = "2026-11/69НЗ-000123",
        Period = new DateOnly(2026, 11, 1),
        IssuedOn = new DateOnly(2026, 12, 1),
        DueDate = new DateOnly(2026, 12, 15),
        Payer = new BillPayer("Семёнов Пётр Фёдорович", "г. Новоозёрск, ул. Озёрная, д. 7, кв. 12", "69НЗ0000123", 54.3m, 3),
        Payee = new BillPayee(CentreName, "6901000011", "690101001", "ПАО «Банк Новоозёрский»", "042809001", "30101810100000000001", "40702810100000000011",
            "г. Новоозёрск, ул. Советская, д. 1; тел. 8 (48236) 2-00-00; пн–пт 8:00–17:00"),
        Services =
        [
            new("Электроснабжение", "1000123", "АО «Новоозёрскэнергосбыт»", 216m, "кВт·ч", "6,43 ₽ (T1), 3,18 ₽ (T2) с 01.10.2026", "по счётчику, две зоны",
                1_180.88m, 85.45m, 1_266.33m,
                [
                    "T1 (день): 152 кВт·ч × 6,43 ₽ = 977,36 ₽",
                    "T2 (ночь): 64 кВт·ч × 3,18 ₽ = 203,52 ₽",
                    "Перерасчёт за 10.2026: сторно начисления по среднему −1 052,13 ₽; по показаниям 25.09–25.10: T1 30 кВт·ч × 6,12 ₽ (до 30.09) + 118 кВт·ч × 6,43 ₽ (с 01.10), "
                        + "T2 12 кВт·ч × 3,02 ₽ (до 30.09) + 50 кВт·ч × 3,18 ₽ (с 01.10) = 1 137,58 ₽",
                ]),
            new("Холодное водоснабжение", "1000124", "МУП «Водоканал г. Новоозёрска»", 7.4m, "м³", "48,20 ₽", "по счётчику",
                356.68m, 0m, 356.68m, ["7,4 м³ × 48,20 ₽ = 356,68 ₽"]),
            new("Отопление", "1000125", "АО «Новоозёрская теплосеть»", 0.811706m, "Гкал", "2 584,31 ₽", "по общедомовому прибору учёта, формула 3",
                2_097.70m, 0m, 2_097.70m,
                ["Формула 3 Правил 354 (прил. 2): 118,4 Гкал по ОДПУ × 54,3 м² / 7 920,5 м² = 0,811706 Гкал × 2 584,31 ₽ = 2 097,70 ₽"]),
        ],
        Recalculations = [new("Электроснабжение", new DateOnly(2026, 10, 1), 85.45m, LateReading)],
        Meters =
        [
            new("Электроснабжение", "011552089", "T1 (день)", 12_345m, 12_497m, 152m),
            new("Электроснабжение", "011552089", "T2 (ночь)", 5_210m, 5_274m, 64m),
            new("Холодное водоснабжение", "ВСХ-15 2231876", "—", 345.2m, 352.6m, 7.4m),
        ],
        Notes =
        [
            "Норматив потребления холодной воды: 4,85 м³ на человека в месяц; электроэнергии: 98 кВт·ч на человека в месяц.",
            "Общедомовой прибор учёта тепловой энергии за ноябрь 2026: 118,4 Гкал; общая площадь помещений дома 7 920,5 м².",
        ],
        RepairFund = new BillRepairFundBlock(
            new BillPayee(FundName, "6901555777", "690101001", "ПАО Сбербанк", "044525225", "30101810400000000225", "40705810200000000777"),
            12.50m, 54.3m, 678.75m, 0m, 0m, 678.75m),
        OpeningBalance = 1_520.40m,
        Payments = 1_520.40m,
        PaymentsCountedUpTo = new DateOnly(2026, 11, 25),
        Penalties = 12.37m,
        TotalDue = 3_733.08m,
    };
}
