using Microsoft.EntityFrameworkCore;
using Utilities.Contracts.Accounts;
using Utilities.Contracts.Data;
using Utilities.Platform.Modules;

namespace Utilities.Contracts.Demo;

/// <summary>
/// Three buildings of a fictional town, twelve flats, their owners and one contract per flat
/// with an account per service. Bank details are well-formed but fictional.
/// </summary>
internal sealed class ContractsDemoData(ContractsDbContext db) : IDemoData
{
    public int Order => 10;

    /// <summary>The demo kiosk's pairing token: open /kiosk/pair?token=demo-kiosk in a browser to make it a terminal.</summary>
    public const string KioskToken = "demo-kiosk";

    /// <summary>The demo consumers' cabinet password (public, like all demo logins).</summary>
    public const string CabinetPassword = "cabinet-demo";

    private static readonly (string Address, decimal Area, int Floors, bool HeatMeter)[] Buildings =
    [
        ("г. Новоозёрск, ул. Садовая, д. 12", 5400.50m, 9, true),
        ("г. Новоозёрск, пр. Мира, д. 5, корп. 2", 3210.80m, 5, false),
        ("г. Новоозёрск, ул. Лесная, д. 3", 640.20m, 2, false),
    ];

    private static readonly (string Name, string Email, string Phone)[] People =
    [
        ("Иванов Сергей Петрович", "ivanov.sp@example.ru", "+79161234501"),
        ("Петрова Мария Ивановна", "petrova.mi@example.ru", "+79161234502"),
        ("Сидоров Алексей Николаевич", "sidorov.an@example.ru", "+79161234503"),
        ("Кузнецова Ольга Викторовна", "kuznetsova.ov@example.ru", "+79161234504"),
        ("Смирнов Дмитрий Андреевич", "smirnov.da@example.ru", "+79161234505"),
        ("Васильева Елена Сергеевна", "vasilieva.es@example.ru", "+79161234506"),
        ("Попов Игорь Владимирович", "popov.iv@example.ru", "+79161234507"),
        ("Новикова Анна Алексеевна", "novikova.aa@example.ru", "+79161234508"),
        ("Фёдоров Николай Ильич", "fedorov.ni@example.ru", "+79161234509"),
        ("Морозова Татьяна Юрьевна", "morozova.ty@example.ru", "+79161234510"),
        ("Волков Артём Олегович", "volkov.ao@example.ru", "+79161234511"),
        ("Соловьёва Ирина Павловна", "solovieva.ip@example.ru", "+79161234512"),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Buildings.AnyAsync(cancellationToken))
            return;

        var centre = Org("centre", "МУП «Единый расчётный центр г. Новоозёрска»", "6901000011", "40702810100000000011");
        var power = Org("supplier", "АО «Новоозёрскэнергосбыт»", "6901000022", "40702810100000000022");
        var water = Org("supplier", "МУП «Водоканал г. Новоозёрска»", "6901000033", "40702810100000000033");
        var heat = Org("supplier", "ПАО «Новоозёрская теплосеть»", "6901000044", "40702810100000000044");
        var fund = Org("regional-operator", "НО «Фонд капитального ремонта Новоозёрской области»", "6901000055", "40604810100000000055");
        db.Organisations.AddRange(centre, power, water, heat, fund);
        await db.SaveChangesAsync(cancellationToken);

        var suppliers = new (string Utility, Organisation Supplier)[]
        {
            ("electricity", power), ("cold-water", water), ("hot-water", heat), ("heating", heat),
        };

        var person = 0;
        var accountNumber = 1_000_001;
        var concluded = new DateOnly(2024, 3, 1);
        for (var b = 0; b < Buildings.Length; b++)
        {
            var (address, area, floors, heatMeter) = Buildings[b];
            var building = new Building { Address = address, TotalArea = area, Floors = floors, HasHeatMeter = heatMeter };
            db.Buildings.Add(building);
            await db.SaveChangesAsync(cancellationToken);

            for (var flat = 1; flat <= 4; flat++, person++)
            {
                var premises = new Premises
                {
                    BuildingId = building.Id,
                    Number = (flat * (b + 3)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Area = 32.4m + (flat * 11.3m) + b,
                    Rooms = Math.Min(flat, 3),
                    Residents = 1 + (flat % 3),
                    PayerCode = $"69НЗ{(b * 10) + flat:D6}",
                };
                var (name, email, phone) = People[person];
                var consumer = new Consumer { FullName = name, Email = email, Phone = phone, CreatedAt = DateTimeOffset.UtcNow };
                db.AddRange(premises, consumer);
                await db.SaveChangesAsync(cancellationToken);

                var contract = new Contract
                {
                    Number = $"Д-{concluded.Year}/{person + 1:D4}",
                    ConsumerId = consumer.Id,
                    PremisesId = premises.Id,
                    ConcludedOn = concluded,
                    Deemed = flat == 4,
                    CreatedAt = DateTimeOffset.UtcNow,
                    CreatedBy = "demo",
                };
                db.Contracts.Add(contract);
                db.Owners.Add(new PremisesOwner { PremisesId = premises.Id, FullName = name });
                if (person < People.Length - 1)
                {
                    // Every demo person but the last has an activated cabinet; the last shows the first sign-in.
                    var login = new ConsumerLogin { ConsumerId = consumer.Id, SecurityStamp = Guid.NewGuid(), ActivatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
                    login.PasswordHash = new Microsoft.AspNetCore.Identity.PasswordHasher<ConsumerLogin>().HashPassword(login, CabinetPassword);
                    db.Logins.Add(login);
                }

                await db.SaveChangesAsync(cancellationToken);

                foreach (var (utility, supplier) in suppliers)
                {
                    db.Accounts.Add(new PersonalAccount
                    {
                        Number = (accountNumber++).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ContractId = contract.Id,
                        PremisesId = premises.Id,
                        Utility = utility,
                        SupplierId = supplier.Id,
                        OpenedOn = concluded,
                        AttachCode = AttachCode.New(),
                    });
                }

                await db.SaveChangesAsync(cancellationToken);
            }
        }

        db.KioskTerminals.Add(new KioskTerminal
        {
            Name = "Демо-киоск",
            TokenHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(KioskToken))),
            RegisteredAt = DateTimeOffset.UtcNow,
            RegisteredBy = "demo",
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Organisation Org(string kind, string name, string inn, string account) => new()
    {
        Kind = kind,
        Name = name,
        Inn = inn,
        Kpp = "690101001",
        BankName = "ПАО «Банк Новоозёрский»",
        Bic = "042809001",
        CorrespondentAccount = "30101810100000000001",
        SettlementAccount = account,
    };
}
