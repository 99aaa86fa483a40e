using System.Globalization;
using Utilities.Billing.Bills;

namespace Utilities.Benchmarks;

/// <summary>Varied, plausible bills for the November 2026 period: deterministic for a seed.</summary>
internal static class SampleBills
{
    private static readonly string[] Surnames = ["Семёнов", "Фёдоров", "Алёшин", "Королёв", "Ковалёв", "Иванов", "Соловьёв", "Журавлёв", "Громов", "Щёкин"];
    private static readonly string[] Names = ["Пётр", "Артём", "Семён", "Фёдор", "Алексей", "Илья", "Матвей", "Глеб"];
    private static readonly string[] Patronymics = ["Фёдорович", "Семёнович", "Петрович", "Артёмович", "Ильич", "Глебович"];
    private static readonly string[] Streets = ["ул. Озёрная", "ул. Лесная", "ул. Садовая", "пр-т Королёва", "ул. Берёзовая", "ул. Школьная", "пер. Зелёный"];

    private static readonly BillPayee Centre = new("МУП «Единый расчётный центр г. Новоозёрска»", "6901000011", "690101001", "ПАО «Банк Новоозёрский»",
        "042809001", "30101810100000000001", "40702810100000000011", "г. Новоозёрск, ул. Советская, д. 1; тел. 8 (48236) 2-00-00");

    private static readonly BillPayee SpecialAccount = new("ТСЖ «Озёрная, 7» (специальный счёт)", "6901555777", "690101001", "ПАО Сбербанк",
        "044525225", "30101810400000000225", "40705810200000000777");

    private static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");

    public static BillDocument[] Make(int count, int seed)
    {
        var random = new Random(seed);
        var bills = new BillDocument[count];
        for (var i = 0; i < count; i++)
            bills[i] = Make(random, i);
        return bills;
    }

    private static BillDocument Make(Random r, int i)
    {
        var code = $"69НЗ{1_000_000 + i:0000000}";
        var area = Math.Round(28m + (decimal)(r.NextDouble() * 70), 1);
        var address = $"г. Новоозёрск, {Streets[r.Next(Streets.Length)]}, д. {r.Next(1, 60)}, кв. {r.Next(1, 200)}";
        var services = new List<BillService>();
        var meters = new List<BillMeterReading>();
        var recalculations = new List<BillRecalculation>();
        Electricity(r, i, services, meters, recalculations);
        ColdWater(r, i, services, meters);
        Heating(i, area, services);
        if (r.Next(2) == 0)
            services.Add(Flat(r, "Горячее водоснабжение", i, 4, "м³", 245.77m, meters));
        if (services.Count < 5 && r.Next(2) == 0)
            services.Add(Flat(r, "Водоотведение", i, 5, "м³", 39.16m, null));
        var opening = Math.Round((decimal)(r.NextDouble() * 4_000) - 500m, 2);
        var payments = opening > 0 && r.Next(4) > 0 ? opening : 0m;
        var penalties = payments < opening ? Math.Round(opening * 0.003m, 2) : 0m;
        var fund = r.Next(3) switch
        {
            0 => null,
            1 => new BillRepairFundBlock(null, 12.50m, area, Math.Round(12.50m * area, 2), 0m, 0m, Math.Round(12.50m * area, 2)),
            _ => new BillRepairFundBlock(SpecialAccount, 12.50m, area, Math.Round(12.50m * area, 2), 0m, 0m, Math.Round(12.50m * area, 2)),
        };
        return new BillDocument
        {
            Number = $"2026-11/69НЗ-{i:000000}",
            Period = new DateOnly(2026, 11, 1),
            IssuedOn = new DateOnly(2026, 12, 1),
            DueDate = new DateOnly(2026, 12, 15),
            Payer = new BillPayer($"{Surnames[r.Next(Surnames.Length)]} {Names[r.Next(Names.Length)]} {Patronymics[r.Next(Patronymics.Length)]}", address, code, area, r.Next(1, 6)),
            Payee = Centre,
            Services = services,
            Recalculations = recalculations,
            Meters = meters,
            Notes = ["Норматив потребления холодной воды: 4,85 м³ на человека в месяц; электроэнергии: 98 кВт·ч на человека в месяц.",
                "Общедомовой прибор учёта тепловой энергии за ноябрь 2026: 118,4 Гкал; общая площадь помещений дома 7 920,5 м²."],
            RepairFund = fund,
            OpeningBalance = opening,
            Payments = payments,
            PaymentsCountedUpTo = new DateOnly(2026, 11, 25),
            Penalties = penalties,
            TotalDue = services.Sum(s => s.Total) + opening - payments + penalties,
        };
    }

    private static void Electricity(Random r, int i, List<BillService> services, List<BillMeterReading> meters, List<BillRecalculation> recalculations)
    {
        var day = r.Next(80, 260);
        var night = r.Next(20, 110);
        var charged = Math.Round((day * 6.43m) + (night * 3.18m), 2);
        var recalculation = r.Next(5) == 0 ? Math.Round((decimal)(r.NextDouble() * 200) - 100m, 2) : 0m;
        List<string> lines = [$"T1 (день): {day} кВт·ч × 6,43 ₽", $"T2 (ночь): {night} кВт·ч × 3,18 ₽"];
        if (recalculation != 0)
        {
            lines.Add("Перерасчёт за 10.2026 по показаниям 25.09–25.10 с учётом смены тарифа с 01.10: T1 6,12 ₽ до 30.09 и 6,43 ₽ с 01.10, T2 3,02 ₽ и 3,18 ₽");
            recalculations.Add(new("Электроснабжение", new DateOnly(2026, 10, 1), recalculation, "Показания за октябрь переданы после закрытия периода: начисление по среднему заменено начислением по показаниям"));
        }

        services.Add(new("Электроснабжение", $"{1_000_000 + (i * 5)}", "АО «Новоозёрскэнергосбыт»", day + night, "кВт·ч", "6,43 ₽ (T1), 3,18 ₽ (T2) с 01.10.2026",
            "по счётчику, две зоны", charged, recalculation, charged + recalculation, lines));
        var t1 = r.Next(1_000, 40_000);
        var t2 = r.Next(500, 20_000);
        meters.Add(new("Электроснабжение", $"0115{r.Next(10_000, 99_999)}", "T1 (день)", t1, t1 + day, day));
        meters.Add(new("Электроснабжение", $"0115{r.Next(10_000, 99_999)}", "T2 (ночь)", t2, t2 + night, night));
    }

    private static void ColdWater(Random r, int i, List<BillService> services, List<BillMeterReading> meters)
    {
        var volume = Math.Round((decimal)(r.NextDouble() * 12) + 1m, 3);
        var charged = Math.Round(volume * 48.20m, 2);
        services.Add(new("Холодное водоснабжение", $"{1_000_001 + (i * 5)}", "МУП «Водоканал г. Новоозёрска»", volume, "м³", "48,20 ₽", "по счётчику",
            charged, 0m, charged, [Ru($"{volume:0.###} м³ × 48,20 ₽")]));
        var opening = Math.Round((decimal)(r.NextDouble() * 900), 3);
        meters.Add(new("Холодное водоснабжение", $"ВСХ-15 {r.Next(1_000_000, 9_999_999)}", "—", opening, opening + volume, volume));
    }

    private static void Heating(int i, decimal area, List<BillService> services)
    {
        var volume = Math.Round(118.4m * area / 7_920.5m, 6);
        var charged = Math.Round(volume * 2_584.31m, 2);
        services.Add(new("Отопление", $"{1_000_002 + (i * 5)}", "АО «Новоозёрская теплосеть»", volume, "Гкал", "2 584,31 ₽", "по общедомовому прибору учёта, формула 3",
            charged, 0m, charged, [Ru($"Формула 3 Правил 354 (прил. 2): 118,4 Гкал × {area:0.#} м² / 7 920,5 м² × 2 584,31 ₽")]));
    }

    private static BillService Flat(Random r, string service, int i, int offset, string unit, decimal tariff, List<BillMeterReading>? meters)
    {
        var volume = Math.Round((decimal)(r.NextDouble() * 6) + 0.5m, 3);
        var charged = Math.Round(volume * tariff, 2);
        var opening = Math.Round((decimal)(r.NextDouble() * 500), 3);
        meters?.Add(new(service, $"ВСГ-15 {r.Next(1_000_000, 9_999_999)}", "—", opening, opening + volume, volume));
        return new(service, $"{1_000_000 + (i * 5) + offset}", "МУП «Водоканал г. Новоозёрска»", volume, unit, Ru($"{tariff:0.00} ₽"), meters is null ? "по сумме объёмов воды" : "по счётчику",
            charged, 0m, charged, [Ru($"{volume:0.###} {unit} × {tariff:0.00} ₽")]);
    }

    private static string Ru(FormattableString text) => text.ToString(Russian);
}
