using System.Globalization;

namespace Utilities.Contracts.Generation;

/// <summary>
/// Generates the scale data set: the organisations of a fictional region, blocks of flats of
/// realistic sizes in its towns, and per flat a holder with contacts, owners and a contract
/// date. Deterministic: the same seed and size give the same data (one seeded
/// <see cref="Random"/>, fixed vocabularies, no clock).
/// </summary>
internal static class ScaleDataGenerator
{
    public const string Region = "Верхнеозёрская область";

    /// <summary>Towns of the region with their share of the buildings (per cent).</summary>
    private static readonly (string Name, int Weight)[] Towns =
    [
        ("г. Верхнеозёрск", 40), ("г. Каменнобродск", 20), ("г. Светлогорье", 15), ("г. Сосновый Бор", 15), ("г. Приречный", 10),
    ];

    /// <summary>Street names as (feminine form for ул., masculine form for пер./б-р/пр.); one form for names in the genitive.</summary>
    private static readonly (string Feminine, string Masculine)[] StreetNames =
    [
        ("Садовая", "Садовый"), ("Лесная", "Лесной"), ("Центральная", "Центральный"), ("Молодёжная", "Молодёжный"),
        ("Школьная", "Школьный"), ("Советская", "Советский"), ("Набережная", "Набережный"), ("Заречная", "Заречный"),
        ("Полевая", "Полевой"), ("Луговая", "Луговой"), ("Новая", "Новый"), ("Октябрьская", "Октябрьский"),
        ("Первомайская", "Первомайский"), ("Комсомольская", "Комсомольский"), ("Рабочая", "Рабочий"), ("Южная", "Южный"),
        ("Северная", "Северный"), ("Солнечная", "Солнечный"), ("Вишнёвая", "Вишнёвый"), ("Берёзовая", "Берёзовый"),
        ("Сосновая", "Сосновый"), ("Кленовая", "Кленовый"), ("Рябиновая", "Рябиновый"), ("Озёрная", "Озёрный"),
        ("Речная", "Речной"), ("Парковая", "Парковый"), ("Зелёная", "Зелёный"), ("Весенняя", "Весенний"),
        ("Цветочная", "Цветочный"), ("Юбилейная", "Юбилейный"), ("Спортивная", "Спортивный"), ("Почтовая", "Почтовый"),
        ("Мира", "Мира"), ("Ленина", "Ленина"), ("Гагарина", "Гагарина"), ("Пушкина", "Пушкина"), ("Лермонтова", "Лермонтова"),
        ("Чехова", "Чехова"), ("Горького", "Горького"), ("Кирова", "Кирова"), ("Строителей", "Строителей"),
        ("Энергетиков", "Энергетиков"), ("Победы", "Победы"), ("Дружбы", "Дружбы"), ("Космонавтов", "Космонавтов"),
        ("Королёва", "Королёва"), ("Циолковского", "Циолковского"), ("Менделеева", "Менделеева"), ("Ломоносова", "Ломоносова"),
        ("Суворова", "Суворова"), ("Кутузова", "Кутузова"), ("Маяковского", "Маяковского"), ("Есенина", "Есенина"),
        ("Тургенева", "Тургенева"), ("Некрасова", "Некрасова"), ("Фрунзе", "Фрунзе"), ("Матросова", "Матросова"),
        ("Металлургов", "Металлургов"), ("Шахтёров", "Шахтёров"), ("Героев", "Героев"),
    ];

    private static readonly string[] EmailDomains = ["example.com", "example.net", "example.org"];

    private const int StreetsPerTown = 40;

    public static ScaleDataSet Generate(int flats, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(flats);
        var random = new Random(seed);
        var streets = Towns.Select(t => Streets(random, t.Name)).ToArray();
        var buildings = new List<GeneratedBuilding>();
        var result = new GeneratedFlat[flats];
        var emails = new Dictionary<string, int>(StringComparer.Ordinal);
        var payerOffset = random.NextInt64(100_000_000);
        var phoneOffset = random.NextInt64(800_000_000);

        var flat = 0;
        while (flat < flats)
        {
            var (floors, count) = BuildingSize(random, flats - flat);
            var town = PickTown(random);
            var address = streets[town][random.Next(streets[town].Length)].NextHouse(random);
            var building = buildings.Count;
            decimal livingArea = 0;
            for (var n = 1; n <= count; n++, flat++)
            {
                result[flat] = Flat(random, flat, building, n, emails, payerOffset, phoneOffset);
                livingArea += result[flat].Area;
            }

            // Stairs, corridors, basements: the building is a quarter to a third larger than its flats.
            var total = Math.Round(livingArea * (1.2m + (random.Next(15) / 100m)), 2);
            var heatMeter = random.Next(100) < (floors >= 5 ? 70 : 15);
            buildings.Add(new GeneratedBuilding(address, total, floors, heatMeter, flat - count, count));
        }

        return new ScaleDataSet { Seed = seed, Organisations = Organisations(), Buildings = buildings, Flats = result };
    }

    private static GeneratedFlat Flat(
        Random random, int index, int building, int number, Dictionary<string, int> emails, long payerOffset, long phoneOffset)
    {
        var rooms = random.Next(100) switch { < 30 => 1, < 70 => 2, < 95 => 3, _ => 4 };
        var (min, max) = rooms switch { 1 => (25, 42), 2 => (42, 62), 3 => (58, 88), _ => (80, 120) };
        var area = Math.Round(min + ((max - min) * (decimal)random.NextDouble()), 2);
        var residents = Math.Clamp(rooms - 1 + random.Next(3), 1, 5);

        var family = RussianNames.FamilySurname(random);
        var holder = RussianNames.Next(random, random.Next(100) < 54, family);
        var coOwner = random.Next(100) < 35 ? RussianNames.Next(random, !holder.IsFemale, family) : (PersonName?)null;
        var email = random.Next(100) < 85 ? Email(random, holder, emails) : null;

        // Bijections of the flat's index (multipliers coprime to the moduli): unique, not sequential.
        var payerCode = string.Create(CultureInfo.InvariantCulture, $"69{((index * 129_140_163L) + payerOffset) % 100_000_000:D8}");
        var phone = string.Create(CultureInfo.InvariantCulture, $"+79{200_000_000 + (((index * 129_140_163L) + phoneOffset) % 800_000_000)}");

        var concluded = new DateOnly(2012, 1, 1).AddDays(random.Next(14 * 365));
        var createdAt = new DateTimeOffset(concluded.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(3))
            .AddMinutes(random.Next(9 * 60)).ToUniversalTime();
        var deemed = random.Next(100) < 8;
        return new GeneratedFlat(
            building, number.ToString(CultureInfo.InvariantCulture), area, rooms, residents, payerCode,
            holder, email, phone, coOwner, concluded, createdAt, deemed);
    }

    /// <summary>surname.initials@example.…, a number appended when taken (ivanov.sp2@…); lower case.</summary>
    private static string Email(Random random, PersonName person, Dictionary<string, int> taken)
    {
        var local = string.Concat(
            Transliteration.ToLatin(person.Surname), ".",
            Transliteration.ToLatin(person.FirstName).AsSpan(0, 1), Transliteration.ToLatin(person.Patronymic).AsSpan(0, 1));
        var address = $"{local}@{EmailDomains[random.Next(EmailDomains.Length)]}";
        ref var seen = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(taken, address, out _);
        seen++;
        return seen == 1 ? address : string.Create(CultureInfo.InvariantCulture, $"{local}{seen}@{address.AsSpan(local.Length + 1)}");
    }

    /// <summary>Floors and flats of a typical block: low-rise, five-storey, nine-storey, high-rise; the last takes what remains.</summary>
    private static (int Floors, int Flats) BuildingSize(Random random, int remaining)
    {
        var (floors, entrances, perFloor) = random.Next(100) switch
        {
            < 15 => (random.Next(2, 4), random.Next(1, 4), random.Next(2, 5)),
            < 55 => (5, random.Next(2, 9), 4),
            < 85 => (random.Next(9, 13), random.Next(1, 7), 4),
            _ => (random.Next(14, 26), random.Next(1, 4), random.Next(4, 9)),
        };
        var flats = Math.Clamp(floors * entrances * perFloor, 8, 400);
        if (remaining - flats < 8)
            flats = remaining <= 400 ? remaining : remaining - 8;
        return (floors, flats);
    }

    private static int PickTown(Random random)
    {
        var roll = random.Next(100);
        for (var i = 0; i < Towns.Length; i++)
        {
            roll -= Towns[i].Weight;
            if (roll < 0)
                return i;
        }

        return 0;
    }

    private static Street[] Streets(Random random, string town)
    {
        var names = StreetNames.ToArray();
        random.Shuffle(names);
        return names.Take(StreetsPerTown).Select(n => random.Next(100) switch
        {
            < 70 => new Street($"{town}, ул. {n.Feminine}"),
            < 82 => new Street($"{town}, пр. {n.Masculine}"),
            < 94 => new Street($"{town}, пер. {n.Masculine}"),
            _ => new Street($"{town}, б-р {n.Masculine}"),
        }).ToArray();
    }

    private static GeneratedOrganisation[] Organisations()
    {
        const string bic = "049205731";
        const string bank = "ПАО «Верхнеозёрский региональный банк»";
        var correspondent = BankDetails.CorrespondentAccount(bic);
        GeneratedOrganisation Org(string kind, string name, string inn9, string account) =>
            new(kind, name, BankDetails.Inn(inn9), "692501001", bank, bic, correspondent, BankDetails.SettlementAccount(bic, account));

        // Index order matters: ScaleDataSet.Services names suppliers by index.
        return
        [
            Org("centre", "ООО «Верхнеозёрский расчётный центр»", "692500101", "40702810000000000101"),
            Org("supplier", "АО «Верхнеозёрскэнергосбыт»", "692500202", "40702810000000000202"),
            Org("supplier", "ГУП «Водоканал Верхнеозёрской области»", "692500303", "40602810000000000303"),
            Org("supplier", "АО «Верхнеозёрская теплосетевая компания»", "692500404", "40702810000000000404"),
            Org("regional-operator", "НО «Региональный фонд капитального ремонта Верхнеозёрской области»", "692500505", "40604810000000000505"),
        ];
    }

    /// <summary>A street that numbers its houses as they are built: д. 1, д. 3, д. 3, корп. 2…</summary>
    private sealed class Street(string name)
    {
        private int _house;
        private int _block = 1;

        public string NextHouse(Random random)
        {
            if (_house > 0 && random.Next(100) < 12)
                return string.Create(CultureInfo.InvariantCulture, $"{name}, д. {_house}, корп. {++_block}");
            _house += random.Next(1, 3);
            _block = 1;
            return string.Create(CultureInfo.InvariantCulture, $"{name}, д. {_house}");
        }
    }
}
